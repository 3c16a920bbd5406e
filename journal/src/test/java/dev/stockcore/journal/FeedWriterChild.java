package dev.stockcore.journal;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.StockEngine;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The writer of the cli module's {@code FeedProcessTest} (which gets it from this module's test jar), run in a
 * child JVM: {@code FeedWriterChild DIR SEED} opens a {@link JournaledEngine} on DIR and appends a seeded random load (shared stock, links and unlinks, expiries,
 * a snapshot every 20,000 movements) in groups of 1..64 commands, each group committed, about a thousand
 * groups a second, until a line arrives on its stdin. Then it registers {@value #END_SKU} and adjusts it by
 * +1, so that the last command is a change every feed reports, commits, and closes. On stdout:
 * <pre>
 * READY &lt;sequence&gt;                          once the journal is open and the catalogue is registered
 * SEQ &lt;sequence&gt;                            every ~20 ms while writing, the last committed sequence
 * FINAL &lt;sequence&gt; &lt;nanoTime&gt;               after the last commit, with System.nanoTime() just before its append
 * AVAILABLE &lt;sku&gt; &lt;available&gt;              then once per product, its final availability
 * </pre>
 */
public final class FeedWriterChild
{
    /** The product whose change is the writer's last command. */
    public static final String END_SKU = "FEED-END";

    private static final int PRODUCTS = 100;
    private static final int MAX_COMMANDS_PER_COMMIT = 64;
    private static final long PAUSE_NANOS = 1_000_000;
    private static final long PROGRESS_EVERY_NANOS = 20_000_000;

    private FeedWriterChild()
    {
    }

    /**
     * @param args the journal directory and the seed of the load.
     */
    public static void main(final String[] args) throws IOException
    {
        final PrintStream out = new PrintStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false, StandardCharsets.US_ASCII);
        final long seed = Long.parseLong(args[1]);
        try (JournaledEngine journaled = JournaledEngine.open(new JournaledEngine.Context()
            .journalDir(Path.of(args[0])).snapshotEveryMovements(20_000).retentionMillis(10_000)))
        {
            final StockEngine engine = journaled.engine();
            final RandomCommands commands = new RandomCommands(seed, PRODUCTS, 1);
            final SplittableRandom groups = new SplittableRandom(~seed);
            commands.setUp(engine);
            journaled.commit();
            out.println("READY " + engine.sequence());
            out.flush();
            long lastProgress = System.nanoTime();
            while (System.in.available() == 0)
            {
                for (int i = 1 + groups.nextInt(MAX_COMMANDS_PER_COMMIT); i > 0; i--)
                {
                    commands.step(engine);
                }
                journaled.commit();
                if (System.nanoTime() - lastProgress >= PROGRESS_EVERY_NANOS)
                {
                    lastProgress = System.nanoTime();
                    out.println("SEQ " + engine.sequence());
                    out.flush();
                }
                LockSupport.parkNanos(PAUSE_NANOS);
            }
            final int end = engine.productCount();
            engine.addProduct(END_SKU);
            final long appended = System.nanoTime();
            engine.adjust(end, 1, EngineLimits.NO_COST);
            journaled.commit();
            out.println("FINAL " + engine.sequence() + " " + appended);
            for (int p = 0; p < engine.productCount(); p++)
            {
                out.println("AVAILABLE " + engine.sku(p) + " " + engine.available(p));
            }
            out.flush();
        }
    }
}
