package dev.stockcore.cli;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import dev.stockcore.runtime.StockRuntime;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A child JVM for {@link StatProcessTest}: launches a {@link StockRuntime} on {@code args[0]}, prints
 * {@code READY}, then reserves and releases in a loop, printing {@code DONE <commands>} after every 1,000
 * acknowledged commands, until a line arrives on stdin; then closes the runtime and prints
 * {@code CLOSED <commands acknowledged>}.
 */
public final class RuntimeLoadChild
{
    private RuntimeLoadChild()
    {
    }

    /**
     * @param args the journal directory.
     * @throws IOException if stdin cannot be read.
     */
    public static void main(final String[] args) throws IOException
    {
        long commands = 0;
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(Path.of(args[0]))))
        {
            require(runtime.addProduct("A"));
            final int a = runtime.productIndex("A");
            require(runtime.adjust(a, 1_000_000, EngineLimits.NO_COST));
            commands = 2;
            System.out.println("READY");
            System.out.flush();
            final OrderLines lines = new OrderLines().add(a, 1);
            long id = 1;
            while (System.in.available() == 0)
            {
                require(runtime.reserve(id, EngineLimits.NO_TTL, lines));
                require(runtime.release(id));
                id++;
                commands += 2;
                if (commands % 1_000 == 0)
                {
                    System.out.println("DONE " + commands);
                    System.out.flush();
                }
            }
        }
        System.out.println("CLOSED " + commands);
        System.out.flush();
    }

    private static void require(final Result result)
    {
        if (result != Result.OK)
        {
            throw new IllegalStateException("expected OK, was " + result);
        }
    }
}
