package dev.stockcore.journal.feed;

import dev.stockcore.engine.StockEngine;
import dev.stockcore.engine.script.ScriptRunner;
import dev.stockcore.journal.Journal;
import dev.stockcore.journal.JournaledEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * What the feed reports for each kind of command, on journals written by a real {@link JournaledEngine} from
 * script lines. Expected sequences are read from the writer (its sequence after each line), not counted by
 * hand. A change is written {@code SKU available @sequence}.
 */
class FeedEventsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReportAdjustmentsAndCounts()
    {
        final long[] seq = write("product A", "adjust A 10", "count A 7", "adjust A -2");

        assertEquals(List.of("A 10 @" + seq[1], "A 7 @" + seq[2], "A 5 @" + seq[3]), feed(1));
    }

    @Test
    void shouldReportAReservationAndItsRelease()
    {
        final long[] seq = write("product A", "adjust A 10", "reserve 1 A 3", "release 1");

        assertEquals(List.of("A 10 @" + seq[1], "A 7 @" + seq[2], "A 10 @" + seq[3]), feed(1));
    }

    @Test
    void shouldReportNothingWhenACommitTakesStockAlreadyReserved()
    {
        final long[] seq = write("product A", "adjust A 10", "reserve 1 A 3", "commit 1 A 2", "commit 1");

        assertEquals(List.of("A 10 @" + seq[1], "A 7 @" + seq[2]), feed(1));
        final Replica replica = replicaAtEnd();
        assertEquals(5, replica.batches(), "the commits are in the journal");
        assertEquals(7, replica.engine.physical(0));
        assertEquals(0, replica.engine.reservedHeld(0));
        assertEquals(7, replica.engine.available(0), "available = physical - reserved: 10 - 3, then 8 - 1, then 7 - 0");
    }

    @Test
    void shouldReportAnExpiryAtTheSequenceOfTheExpiringBatch()
    {
        final long[] seq = write("product A", "adjust A 10", "reserve 1 ttl=100 A 3", "time 99", "time 100");

        assertEquals(List.of("A 10 @" + seq[1], "A 7 @" + seq[2], "A 10 @" + seq[4]), feed(1));
        assertEquals(seq[3] + 2, seq[4], "time 100 is a TIME_ADVANCED batch then the expiry's batch");
    }

    @Test
    void shouldReportNothingForARegistrationOrACountEqualToTheStock()
    {
        final long[] seq = write("product A", "adjust A 4", "count A 4", "product B");

        assertEquals(List.of("A 4 @" + seq[1]), feed(1));
    }

    @Test
    void shouldFanAChangeOnASourceOutToEveryConsumerWithTheSameValue()
    {
        final long[] seq = write("product A", "product B", "product C", "link C A", "link B A", "adjust A 10",
            "reserve 1 C 4", "reserve 2 A 1 B 1");

        assertEquals(List.of(
            "A 10 @" + seq[5], "B 10 @" + seq[5], "C 10 @" + seq[5],
            "A 6 @" + seq[6], "B 6 @" + seq[6], "C 6 @" + seq[6],
            "A 4 @" + seq[7], "B 4 @" + seq[7], "C 4 @" + seq[7]), feed(1));
    }

    @Test
    void shouldReportTheConsumerOfALinkAndOfAnUnlink()
    {
        final long[] seq = write("product A", "adjust A 10", "product B", "link B A", "unlink B");

        assertEquals(List.of("A 10 @" + seq[1], "B 10 @" + seq[3], "B 0 @" + seq[4]), feed(1));
    }

    @Test
    void shouldNotReportALinkToASourceWithNothingAvailable()
    {
        final long[] seq = write("product A", "product B", "link B A", "adjust A 1");

        assertEquals(List.of("A 1 @" + seq[3], "B 1 @" + seq[3]), feed(1));
    }

    @Test
    void shouldStopTheFanOutToAConsumerOnceUnlinked()
    {
        final long[] seq = write("product A", "product B", "link B A", "adjust A 10", "reserve 1 B 4", "unlink B",
            "release 1");

        assertEquals(List.of(
            "A 10 @" + seq[3], "B 10 @" + seq[3],
            "A 6 @" + seq[4], "B 6 @" + seq[4],
            "B 0 @" + seq[5],
            "A 10 @" + seq[6]), feed(1));
    }

    @Test
    void shouldReportTheChangesFromASequenceExactlyAsTheTailOfAFullRun()
    {
        write("product A", "product B", "product C", "product D", "link B A", "adjust A 10", "adjust C 5");
        write("reserve 1 B 2 C 1", "reserve 2 ttl=50 A 3", "commit 1 B 1");
        write("time 60", "link D A", "unlink B", "release 1", "count A 4", "adjust A 2");
        final List<Change> all = changes(1);
        final long last = replicaAtEnd().engine.sequence();

        for (long from = 1; from <= last + 1; from++)
        {
            final long start = from;
            assertEquals(all.stream().filter(change -> change.sequence >= start).toList(), changes(from),
                "from " + from);
        }
    }

    @Test
    void shouldStartAtTheNewestSnapshotBeforeTheSequence()
    {
        write("product A", "adjust A 10");
        final long[] second = write("adjust A 1", "adjust A 1");
        final long[] third = write("adjust A 1");

        try (Journal journal = Journal.openForReading(dir.resolve("j"));
            JournalFeed feed = JournalFeed.open(new JournalFeed.Context().journal(journal).fromSequence(third[0])
                .availabilityHandler((replica, product, available, sequence) -> {})))
        {
            assertNotNull(feed.startSnapshot());
            assertEquals(second[1], feed.startSnapshot().sequence(), "the snapshot written when the second run closed");
            assertEquals(List.of(), feed.warnings());
        }
        try (Journal journal = Journal.openForReading(dir.resolve("j"));
            JournalFeed feed = JournalFeed.open(new JournalFeed.Context().journal(journal).fromSequence(second[1])
                .availabilityHandler((replica, product, available, sequence) -> {})))
        {
            assertEquals(2, feed.startSnapshot().sequence(), "a snapshot covering the start sequence is not used");
        }
        try (Journal journal = Journal.openForReading(dir.resolve("j"));
            JournalFeed feed = JournalFeed.open(new JournalFeed.Context().journal(journal).fromSequence(2)
                .availabilityHandler((replica, product, available, sequence) -> {})))
        {
            assertNull(feed.startSnapshot(), "no snapshot before sequence 2: the start of the journal");
        }
    }

    @Test
    void shouldFollowAWriterAsItAppends()
    {
        final List<String> seen = new ArrayList<>();
        try (JournaledEngine writer = JournaledEngine.open(new JournaledEngine.Context().journalDir(dir.resolve("j")));
            Journal journal = Journal.openForReading(dir.resolve("j"));
            JournalFeed feed = JournalFeed.open(new JournalFeed.Context().journal(journal)
                .availabilityHandler((replica, product, available, sequence) ->
                    seen.add(replica.sku(product) + " " + available + " @" + sequence))))
        {
            final ScriptRunner runner = new ScriptRunner(writer.engine());
            assertEquals(0, feed.poll(100), "an empty journal");

            runner.execute("product A");
            runner.execute("adjust A 3");
            writer.commit();
            assertEquals(2, feed.poll(100));
            assertEquals(List.of("A 3 @2"), seen);

            runner.execute("reserve 1 A 1");
            writer.commit();
            assertEquals(1, feed.poll(100));
            assertEquals(0, feed.poll(100));
            assertEquals(List.of("A 3 @2", "A 2 @3"), seen);
            assertEquals(3, feed.sequence());
        }
    }

    /**
     * Runs script lines on a journaled engine over {@code dir/j} (recovering what earlier calls wrote), each
     * of which must answer OK, and closes it (which writes a snapshot).
     *
     * @return the engine's sequence after each line.
     */
    private long[] write(final String... lines)
    {
        final long[] sequences = new long[lines.length];
        try (JournaledEngine journaled = JournaledEngine.open(new JournaledEngine.Context().journalDir(dir.resolve("j"))))
        {
            final ScriptRunner runner = new ScriptRunner(journaled.engine());
            for (int i = 0; i < lines.length; i++)
            {
                assertEquals("OK", runner.execute(lines[i]).toString(), lines[i]);
                journaled.commit();
                sequences[i] = journaled.engine().sequence();
            }
        }
        return sequences;
    }

    private List<String> feed(final long from)
    {
        return changes(from).stream().map(Change::toString).toList();
    }

    private List<Change> changes(final long from)
    {
        final List<Change> changes = new ArrayList<>();
        try (Journal journal = Journal.openForReading(dir.resolve("j"));
            JournalFeed feed = JournalFeed.open(new JournalFeed.Context().journal(journal).fromSequence(from)
                .availabilityHandler((replica, product, available, sequence) ->
                    changes.add(new Change(replica.sku(product), available, sequence)))))
        {
            long batches = 0;
            for (long read = feed.poll(7); read > 0; read = feed.poll(7))
            {
                batches += read;
            }
            assertEquals(batches, feed.batches());
            assertEquals(changes.size(), feed.changes());
        }
        return changes;
    }

    private Replica replicaAtEnd()
    {
        try (Journal journal = Journal.openForReading(dir.resolve("j"));
            JournalFeed feed = JournalFeed.open(new JournalFeed.Context().journal(journal)
                .availabilityHandler((replica, product, available, sequence) -> {})))
        {
            while (feed.poll(Long.MAX_VALUE) > 0)
            {
                assertNull(feed.replica().checkInvariants());
            }
            return new Replica(feed.replica(), feed.batches());
        }
    }

    private record Change(String sku, long available, long sequence)
    {
        @Override
        public String toString()
        {
            return sku + " " + available + " @" + sequence;
        }
    }

    private record Replica(StockEngine engine, long batches)
    {
    }
}
