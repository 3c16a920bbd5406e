package dev.stockcore.journal;

import dev.stockcore.runtime.StockRuntime;

import java.nio.file.Path;

/**
 * Run by {@link RequiredJvmFlagsTest} in a child JVM started with chosen flags: {@code runtime DIR} launches a
 * {@link StockRuntime} on DIR, adds a product and closes it; {@code journaled DIR} opens and closes a
 * {@link JournaledEngine}. Prints {@code STARTED} and exits 0 when that worked; an exception leaves through the
 * default handler (stack trace on stderr, exit status 1).
 */
final class FlagCheckChild
{
    private FlagCheckChild()
    {
    }

    /**
     * @param args {@code runtime DIR} or {@code journaled DIR}.
     */
    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[1]);
        if (args[0].equals("runtime"))
        {
            try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)))
            {
                runtime.addProduct("A");
            }
        }
        else
        {
            JournaledEngine.open(new JournaledEngine.Context().journalDir(dir)).close();
        }
        System.out.println("STARTED");
        System.exit(0);
    }
}
