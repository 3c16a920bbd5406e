package dev.stockcore.cli;

import dev.stockcore.journal.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code stockcore feed}, in process and with {@code --no-follow} (following, and the signals that end it,
 * are tested with real processes in {@code FeedProcessTest}).
 */
class FeedCommandTest
{
    private static final long HOUR = 3_600_000L;
    /** Sequences: 1 A, 2 B, 3 adjust, 4 link, 5 reserve, 6 commit, 7 C, 8 adjust C. */
    private static final String SHARED_STOCK =
        "product A\nproduct B\nadjust A 10\nlink B A\nreserve 1 B 3\ncommit 1\nproduct C\nadjust C 2\n";

    @TempDir
    Path dir;

    @Test
    void shouldPrintOneJsonLinePerChangeWithTheSourceOfAVirtualProduct()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SHARED_STOCK);

        final CliRun run = CliRun.run("feed", "--journal", journal.toString(), "--no-follow");

        assertEquals(0, run.status(), run::toString);
        assertEquals(List.of(
            "{\"sku\":\"A\",\"available\":10,\"sequence\":3}",
            "{\"sku\":\"B\",\"available\":10,\"sequence\":4,\"source\":\"A\"}",
            "{\"sku\":\"A\",\"available\":7,\"sequence\":5}",
            "{\"sku\":\"B\",\"available\":7,\"sequence\":5,\"source\":\"A\"}",
            "{\"sku\":\"C\",\"available\":2,\"sequence\":8}"), run.outLines());
        assertEquals("", run.err());
    }

    @Test
    void shouldPrintFromASequenceTheLinesOfAFullRunFromThere()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SHARED_STOCK);
        CliRun.script(journal, "reserve 2 B 1\nunlink B\nadjust A -4\n");
        final List<String> all = CliRun.run("feed", "--journal", journal.toString(), "--no-follow").outLines();
        assertEquals(9, all.size(), all::toString);

        final CliRun fromJournalStart = CliRun.run("feed", "--journal", journal.toString(), "--no-follow", "--from", "5");
        final CliRun fromSnapshot = CliRun.run("feed", "--journal", journal.toString(), "--no-follow", "--from", "9");

        assertEquals(0, fromJournalStart.status(), fromJournalStart::toString);
        assertEquals(all.subList(2, all.size()), fromJournalStart.outLines());
        assertEquals("{\"sku\":\"A\",\"available\":7,\"sequence\":5}", fromJournalStart.outLines().get(0));
        assertEquals(0, fromSnapshot.status(), fromSnapshot::toString);
        assertEquals(all.subList(5, all.size()), fromSnapshot.outLines(), "from the snapshot the first run wrote at 8");
        assertEquals("{\"sku\":\"A\",\"available\":6,\"sequence\":9}", fromSnapshot.outLines().get(0));
        assertEquals("", fromJournalStart.err() + fromSnapshot.err());
    }

    @Test
    void shouldPrintNothingWhenTheStartIsBeyondTheEnd()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SHARED_STOCK);

        final CliRun run = CliRun.run("feed", "--journal", journal.toString(), "--no-follow", "--from", "1000");

        assertEquals(0, run.status(), run::toString);
        assertEquals("", run.out());
        assertEquals("", run.err());
    }

    @Test
    void shouldStartAtTheOldestSnapshotWithEveryProductWhenThePrunedJournalNoLongerHoldsTheStart()
    {
        final Path journal = prunedJournal();

        final CliRun run = CliRun.run("feed", "--journal", journal.toString(), "--no-follow", "--from", "2");

        assertEquals(0, run.status(), run::toString);
        assertEquals(List.of(
            "{\"sku\":\"A\",\"available\":10,\"sequence\":4}",
            "{\"sku\":\"B\",\"available\":10,\"sequence\":4,\"source\":\"A\"}",
            "{\"sku\":\"A\",\"available\":7,\"sequence\":5}",
            "{\"sku\":\"B\",\"available\":7,\"sequence\":5,\"source\":\"A\"}",
            "{\"sku\":\"C\",\"available\":2,\"sequence\":8}"), run.outLines());
        assertEquals(List.of("stockcore feed: warning: the journal was pruned (it starts at sequence 3) and no " +
            "snapshot before sequence 2 is left: starting at snapshot snapshot-00000000000000000004.snap (sequence 4), " +
            "first with every product's availability as of sequence 4; the changes between 2 and 4 are gone"),
            run.errLines());
    }

    @Test
    void shouldStartAfterTheSnapshotOfAPrunedJournalWhenTheStartIsAfterIt()
    {
        final Path journal = prunedJournal();

        final CliRun run = CliRun.run("feed", "--journal", journal.toString(), "--no-follow", "--from", "5");

        assertEquals(0, run.status(), run::toString);
        assertEquals(List.of(
            "{\"sku\":\"A\",\"available\":7,\"sequence\":5}",
            "{\"sku\":\"B\",\"available\":7,\"sequence\":5,\"source\":\"A\"}",
            "{\"sku\":\"C\",\"available\":2,\"sequence\":8}"), run.outLines());
        assertEquals("", run.err());
    }

    @Test
    void shouldRefuseAPrunedJournalWithoutASnapshotToStartFrom() throws IOException
    {
        final Path journal = dir.resolve("j");
        final List<byte[]> batches = JournalFixture.batches(SHARED_STOCK);
        final long now = System.currentTimeMillis();
        JournalFixture.append(journal, batches.subList(0, 2), now - 2 * HOUR);
        JournalFixture.append(journal, batches.subList(2, batches.size()), now - HOUR);
        Files.delete(cycles(journal).get(0));

        final CliRun run = CliRun.run("feed", "--journal", journal.toString(), "--no-follow");

        assertEquals(2, run.status(), run::toString);
        assertEquals("", run.out());
        assertEquals(List.of("stockcore feed: journal " + journal + " was pruned (it starts at sequence 3) and no " +
            "valid snapshot covers a journal index it still holds, so the availability cannot be rebuilt; run " +
            "recover to see what recovery finds"), run.errLines());
    }

    @Test
    void shouldStopWithStatusTwoAtAGapInTheJournal()
    {
        final Path journal = dir.resolve("j");
        final List<byte[]> batches = new ArrayList<>(JournalFixture.batches(SHARED_STOCK));
        batches.remove(4);
        JournalFixture.append(journal, batches, System.currentTimeMillis());

        final CliRun run = CliRun.run("feed", "--journal", journal.toString(), "--no-follow");

        assertEquals(2, run.status(), run::toString);
        assertEquals(List.of("{\"sku\":\"A\",\"available\":10,\"sequence\":3}",
            "{\"sku\":\"B\",\"available\":10,\"sequence\":4,\"source\":\"A\"}"), run.outLines(),
            "what came before the gap is printed");
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("stockcore feed: journal excerpt at index "), run::toString);
        assertTrue(run.err().endsWith(" starts at movement sequence 6 but the feed's state is at 4 (movements are " +
            "missing); run verify for details\n"), run::toString);
    }

    @Test
    void shouldRefuseADirectoryThatIsNotAJournalInOneLine() throws IOException
    {
        final Path notJournal = Files.createDirectories(dir.resolve("photos"));

        final CliRun run = CliRun.run("feed", "--journal", notJournal.toString());

        assertEquals(2, run.status(), run::toString);
        assertEquals("", run.out());
        assertEquals(List.of("stockcore feed: " + notJournal + " is not a stockcore journal (it has no queue/ " +
            "directory); pass the directory given to script --journal"), run.errLines());
        assertTrue(Files.notExists(notJournal.resolve("queue")));
    }

    @Test
    void shouldRefuseAMissingDirectoryWithoutCreatingIt()
    {
        final Path missing = dir.resolve("missing");

        final CliRun run = CliRun.run("feed", "--journal", missing.toString());

        assertEquals(2, run.status(), run::toString);
        assertEquals(List.of("stockcore feed: no journal at " + missing + ": the directory does not exist; pass " +
            "the directory given to script --journal"), run.errLines());
        assertTrue(Files.notExists(missing));
    }

    @Test
    void shouldRejectASequenceBelowOne()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SHARED_STOCK);

        final CliRun run = CliRun.run("feed", "--journal", journal.toString(), "--from", "0");

        assertEquals(2, run.status(), run::toString);
        assertTrue(run.err().startsWith("stockcore feed: --from must be a movement sequence, 1 or more: 0\n"),
            run::toString);
    }

    @Test
    void shouldDescribeTheLineFormatWithAnExampleAndTheOptions()
    {
        final CliRun run = CliRun.run("feed", "--help");

        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().startsWith("Print each availability change as a JSON line, following the journal; " +
            "read-only.\nUsage: stockcore feed [-hV] [--no-follow] [--batch=N] [--cursor=FILE] [--from=SEQ] " +
            "--journal=DIR\n                      [--secret-file=FILE] [--webhook=URL]\n"), run::toString);
        assertTrue(run.out().contains("  {\"sku\":\"A\",\"available\":10,\"sequence\":42}\n"), run::toString);
        assertTrue(run.out().contains("  {\"sku\":\"B\",\"available\":10,\"sequence\":42,\"source\":\"A\"}\n"),
            run::toString);
        assertTrue(run.out().contains("SIGINT"), run::toString);
        assertEquals("", run.err());
    }

    @Test
    void shouldBeListedInTheTopLevelHelp()
    {
        final CliRun run = CliRun.run("--help");

        assertTrue(run.out().contains("\n  feed "), run::toString);
    }

    /**
     * The journal of {@link #SHARED_STOCK} in three hourly cycles (sequences 1-2, 3-4, 5-8) with snapshots at 2
     * and 4, pruned: the first cycle and the snapshot at 2 are gone.
     */
    private Path prunedJournal()
    {
        final Path journal = dir.resolve("j");
        final List<byte[]> batches = JournalFixture.batches(SHARED_STOCK);
        final long now = System.currentTimeMillis();
        final long[] oldest = JournalFixture.append(journal, batches.subList(0, 2), now - 3 * HOUR);
        final long[] middle = JournalFixture.append(journal, batches.subList(2, 4), now - 2 * HOUR);
        JournalFixture.append(journal, batches.subList(4, batches.size()), now - HOUR);
        final SnapshotStore snapshots = new SnapshotStore(journal);
        snapshots.write(JournalFixture.replay(batches, 2), oldest[1]);
        snapshots.write(JournalFixture.replay(batches, 4), middle[1]);
        final CliRun prune = CliRun.run("prune", "--journal", journal.toString());
        assertEquals(0, prune.status(), prune::toString);
        assertEquals(1, snapshots.list().size());
        assertFalse(CliRun.run("dump", "--journal", journal.toString()).out().startsWith("seq=1 "));
        return journal;
    }

    private static List<Path> cycles(final Path journal) throws IOException
    {
        try (Stream<Path> files = Files.list(journal.resolve("queue")))
        {
            return files.filter(file -> file.toString().endsWith(".cq4")).sorted().toList();
        }
    }
}
