package dev.stockcore.journal;

import dev.stockcore.engine.StockEngine;
import dev.stockcore.journal.feed.AvailabilityHandler;
import dev.stockcore.journal.feed.JournalFeed;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The feed over a journal of 100,000 random commands (about 160,000 movements: shared stock with links and
 * unlinks, expiries, a snapshot every 30,000 movements): every change is reported (the last value reported
 * for each product is its availability, after every poll and at the end), a start at any sequence gives
 * exactly the tail of the full run, and the replay allocates nothing per batch.
 */
class FeedReplayTest
{
    private static final int COMMANDS = 100_000;
    private static final int PRODUCTS = 200;
    private static final long SNAPSHOT_EVERY_MOVEMENTS = 30_000;
    private static final int POLL = 1024;
    /** Seen: 0 to 24 bytes over 90,000 batches once warm, against about 2 MB for one engine table doubling. */
    private static final long ALLOCATION_NOISE_BYTES = 4096;

    @TempDir
    static Path dir;

    private static Path journalDir;
    private static long[] writerAvailable;
    private static long writerSequence;

    @BeforeAll
    static void writeJournal()
    {
        journalDir = dir.resolve("j");
        try (JournaledEngine journaled = JournaledEngine.open(new JournaledEngine.Context().journalDir(journalDir)
            .snapshotEveryMovements(SNAPSHOT_EVERY_MOVEMENTS).retentionMillis(10_000)))
        {
            final StockEngine engine = journaled.engine();
            final RandomCommands commands = new RandomCommands(42, PRODUCTS, 1);
            commands.setUp(engine);
            for (int i = 0; i < COMMANDS; i++)
            {
                commands.step(engine);
                if ((i & 255) == 255)
                {
                    journaled.commit();
                }
            }
            journaled.commit();
            writerSequence = engine.sequence();
            writerAvailable = new long[engine.productCount()];
            for (int p = 0; p < writerAvailable.length; p++)
            {
                writerAvailable[p] = engine.available(p);
            }
        }
    }

    @Test
    void shouldLeaveEachProductsLastReportedValueEqualToItsAvailability()
    {
        final long[] lastReported = new long[PRODUCTS];
        final long started = System.nanoTime();
        try (Journal journal = Journal.openForReading(journalDir);
            JournalFeed feed = JournalFeed.open(new JournalFeed.Context().journal(journal)
                .availabilityHandler((replica, product, available, sequence) -> lastReported[product] = available)))
        {
            while (feed.poll(POLL) > 0)
            {
                for (int p = 0; p < feed.replica().productCount(); p++)
                {
                    if (lastReported[p] != feed.replica().available(p))
                    {
                        fail("after sequence " + feed.sequence() + " product " + feed.replica().sku(p) + " was last " +
                            "reported at " + lastReported[p] + " but its availability is " + feed.replica().available(p));
                    }
                }
            }
            final double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals(writerSequence, feed.sequence());
            assertTrue(writerSequence > 150_000, writerSequence + " movements");
            assertEquals(Arrays.toString(writerAvailable), Arrays.toString(lastReported));
            System.out.printf("feed replay (with a check of every product every %d batches): %,d batches, %,d " +
                    "movements, %,d changes in %.2f s: %,.0f batches/s, %,.0f movements/s, %,.0f changes/s%n", POLL,
                feed.batches(), feed.sequence(), feed.changes(), seconds, feed.batches() / seconds,
                feed.sequence() / seconds, feed.changes() / seconds);
        }
    }

    @Test
    void shouldReportFromAnySequenceExactlyTheTailOfTheFullRun()
    {
        final Changes all = changes(1);
        final List<Long> starts = new ArrayList<>(List.of(2L, writerSequence, writerSequence + 1));
        final List<Path> snapshots = new SnapshotStore(journalDir).list();
        assertTrue(snapshots.size() >= 4, snapshots::toString);
        for (final Path file : snapshots.subList(1, 2))
        {
            final long covered = new SnapshotStore(journalDir).verify(file).sequence();
            starts.addAll(List.of(covered - 1, covered, covered + 1));
        }
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2; i++)
        {
            starts.add(1 + random.nextLong(writerSequence));
        }

        for (final long from : starts)
        {
            final Changes tail = changes(from);
            int first = 0;
            while (first < all.count && all.sequence[first] < from)
            {
                first++;
            }
            assertEquals(all.count - first, tail.count, "changes from sequence " + from);
            for (int i = 0; i < tail.count; i++)
            {
                if (tail.product[i] != all.product[first + i] || tail.available[i] != all.available[first + i] ||
                    tail.sequence[i] != all.sequence[first + i])
                {
                    fail("from sequence " + from + ", change " + i + " is " + tail.describe(i) + " but the full run's " +
                        "is " + all.describe(first + i));
                }
            }
        }
    }

    @Test
    void shouldStartFromTheNewestSnapshotBeforeTheStart()
    {
        final List<Path> snapshots = new SnapshotStore(journalDir).list();
        assertTrue(snapshots.size() >= 4, snapshots::toString);
        final long newest = new SnapshotStore(journalDir).verify(snapshots.get(0)).sequence();

        try (Journal journal = Journal.openForReading(journalDir);
            JournalFeed feed = JournalFeed.open(new JournalFeed.Context().journal(journal).fromSequence(newest + 1)
                .availabilityHandler((replica, product, available, sequence) -> {})))
        {
            assertNotNull(feed.startSnapshot());
            assertEquals(newest, feed.startSnapshot().sequence());
            assertEquals(newest, feed.sequence(), "nothing is read before the first poll");
        }
    }

    @Test
    void shouldNotAllocatePerBatchOnceWarm()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long[] checksum = new long[1];
        final AvailabilityHandler handler = (replica, product, available, sequence) -> checksum[0] += available;
        // Sized for the whole journal, so that no engine table doubles during the measurement.
        try (Journal journal = Journal.openForReading(journalDir);
            JournalFeed feed = JournalFeed.open(new JournalFeed.Context().journal(journal).availabilityHandler(handler)
                .newEngine(() -> new StockEngine(null, PRODUCTS, 1 << 20, 10_000))))
        {
            long warmUp = 0;
            while (feed.sequence() < writerSequence / 2)
            {
                warmUp += feed.poll(POLL);
            }
            final long before = threads.getCurrentThreadAllocatedBytes();
            long measured = 0;
            for (long read = feed.poll(POLL); read > 0; read = feed.poll(POLL))
            {
                measured += read;
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertEquals(writerSequence, feed.sequence());
            assertTrue(measured > 40_000, measured + " batches measured after " + warmUp);
            System.out.printf("feed replay allocation: %,d bytes over %,d batches and %,d changes (checksum %d)%n",
                allocated, measured, feed.changes(), checksum[0]);
            assertTrue(allocated <= ALLOCATION_NOISE_BYTES, allocated + " bytes allocated over " + measured + " batches");
        }
    }

    private static Changes changes(final long from)
    {
        final Changes changes = new Changes();
        try (Journal journal = Journal.openForReading(journalDir);
            JournalFeed feed = JournalFeed.open(new JournalFeed.Context().journal(journal).fromSequence(from)
                .availabilityHandler(changes)))
        {
            long batches = 0;
            for (long read = feed.poll(POLL); read > 0; read = feed.poll(POLL))
            {
                batches += read;
            }
            assertEquals(batches, feed.batches());
            assertEquals(writerSequence, feed.sequence());
            assertEquals(List.of(), feed.warnings());
        }
        return changes;
    }

    /** The changes of a run, in growing primitive arrays. */
    private static final class Changes implements AvailabilityHandler
    {
        int count;
        int[] product = new int[1 << 16];
        long[] available = new long[1 << 16];
        long[] sequence = new long[1 << 16];

        @Override
        public void onAvailability(final StockEngine replica, final int p, final long value, final long at)
        {
            if (count == product.length)
            {
                product = Arrays.copyOf(product, count * 2);
                available = Arrays.copyOf(available, count * 2);
                sequence = Arrays.copyOf(sequence, count * 2);
            }
            product[count] = p;
            available[count] = value;
            sequence[count] = at;
            count++;
        }

        String describe(final int i)
        {
            return "product " + product[i] + " available " + available[i] + " at sequence " + sequence[i];
        }
    }
}
