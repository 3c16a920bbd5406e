package dev.stockcore.cli;

import dev.stockcore.engine.StockEngine;
import dev.stockcore.journal.Journal;
import dev.stockcore.journal.JournaledEngine;
import dev.stockcore.journal.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotAndPruneTest
{
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    @Test
    void shouldWriteASnapshotAndPrintItsPath()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, "product A\nadjust A 5\n");
        final JournaledEngine writer = JournaledEngine.open(new JournaledEngine.Context().journalDir(journal));
        writer.engine().addProduct("B");
        writer.journal().close(); // as a crash leaves it: no closing snapshot

        final CliRun run = CliRun.run("snapshot", "--journal", journal.toString());

        assertEquals(0, run.status(), run::toString);
        final Path printed = Path.of(run.out().trim());
        assertEquals(journal.resolve("snapshots").resolve("snapshot-00000000000000000003.snap"), printed);
        assertEquals(3, new SnapshotStore(journal).verify(printed).sequence());
    }

    @Test
    void shouldRefuseToSnapshotWhileAWriterRuns()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, "product A\n");
        try (JournaledEngine writer = JournaledEngine.open(new JournaledEngine.Context().journalDir(journal)))
        {
            final CliRun run = CliRun.run("snapshot", "--journal", journal.toString());

            assertEquals(2, run.status(), run::toString);
            assertTrue(run.err().startsWith("stockcore snapshot: journal " + journal + " is already open for writing"),
                run::toString);
            assertEquals(1, writer.engine().productCount());
        }
    }

    @Test
    void shouldKeepTheNewestSnapshotAndDeleteTheOlderOnes()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, "product A\n");
        CliRun.script(journal, "product B\n");
        CliRun.script(journal, "product C\n");
        final List<Path> before = new SnapshotStore(journal).list();
        assertEquals(3, before.size());

        final CliRun run = CliRun.run("prune", "--journal", journal.toString());

        assertEquals(0, run.status(), run::toString);
        assertEquals(List.of(before.get(0)), new SnapshotStore(journal).list());
        assertEquals(List.of(
            "deleted " + before.get(1),
            "deleted " + before.get(2),
            "pruned: 2 snapshot(s) and 0 journal cycle file(s) deleted; kept " + before.get(0) + " (sequence 3, " +
                "journal index " + new SnapshotStore(journal).verify(before.get(0)).journalIndex() + ")"),
            run.outLines());
        assertEquals(0, CliRun.run("verify", "--journal", journal.toString()).status());
    }

    @Test
    void shouldDeleteNothingWithoutAValidSnapshot() throws IOException
    {
        final Path journal = dir.resolve("j");
        JournalFixture.append(journal, JournalFixture.batches("product A\nproduct B\n"), System.currentTimeMillis() - 2 * HOUR);
        final List<Path> files = files(journal);

        final CliRun run = CliRun.run("prune", "--journal", journal.toString());

        assertEquals(1, run.status(), run::toString);
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("stockcore prune: nothing deleted: " + journal + " has no valid snapshot"),
            run::toString);
        assertEquals(files, files(journal));
    }

    @Test
    void shouldRefuseToPruneWhileAWriterRuns()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, "product A\n");
        CliRun.script(journal, "product B\n");
        try (JournaledEngine writer = JournaledEngine.open(new JournaledEngine.Context().journalDir(journal)))
        {
            final CliRun run = CliRun.run("prune", "--journal", journal.toString());

            assertEquals(2, writer.engine().productCount());
            assertEquals(2, run.status(), run::toString);
            assertTrue(run.err().contains("already open for writing"), run::toString);
            assertEquals(2, new SnapshotStore(journal).list().size());
        }
    }

    @Test
    void shouldDeleteCyclesBeforeTheSnapshotThenVerifyAndDumpFromIt() throws IOException
    {
        final Path journal = dir.resolve("j");
        final List<byte[]> batches = JournalFixture.batches(
            "product A\nproduct B\nadjust A 100\nlink B A\nreserve 7 B 3\ncommit 7 B 1\nproduct C\n");
        final long now = System.currentTimeMillis();
        final long[] oldest = JournalFixture.append(journal, batches.subList(0, 2), now - 3 * HOUR);
        final long[] middle = JournalFixture.append(journal, batches.subList(2, 4), now - 2 * HOUR);
        JournalFixture.append(journal, batches.subList(4, 7), now - HOUR);
        final SnapshotStore snapshots = new SnapshotStore(journal);
        final Path older = snapshots.write(JournalFixture.replay(batches, 2), oldest[1]);
        final Path newest = snapshots.write(JournalFixture.replay(batches, 4), middle[1]);
        final List<Path> cyclesBefore = cycles(journal);
        assertEquals(3, cyclesBefore.size());

        final CliRun prune = CliRun.run("prune", "--journal", journal.toString());

        assertEquals(0, prune.status(), prune::toString);
        assertEquals(List.of("deleted " + older, "deleted " + cyclesBefore.get(0),
            "pruned: 1 snapshot(s) and 1 journal cycle file(s) deleted; kept " + newest + " (sequence 4, journal " +
                "index " + middle[1] + ")"), prune.outLines());
        assertEquals(cyclesBefore.subList(1, 3), cycles(journal));

        final CliRun verify = CliRun.run("verify", "--journal", journal.toString());
        assertEquals(0, verify.status(), verify::toString);
        assertTrue(verify.out().startsWith("OK\nfrom=" + newest.getFileName() + " batches=3 movements=3 " +
            "first_sequence=5 last_sequence=7 "), verify::toString);
        assertEquals(List.of("stockcore verify: the journal was pruned (it starts at sequence 3): verifying from " +
            "snapshot " + newest.getFileName() + " (sequence 4) instead of from the start"), verify.errLines());

        final CliRun dump = CliRun.run("dump", "--journal", journal.toString(), "--sku", "A");
        assertEquals(0, dump.status(), dump::toString);
        assertEquals(List.of(
            "seq=3 time=1970-01-01T00:00:00.000Z kind=ADJUSTED reservation=- ordered=A holder=A qty=100 physical=100 reserved=0",
            "seq=4 time=1970-01-01T00:00:00.000Z kind=LINKED reservation=- ordered=B holder=A qty=0 physical=100 reserved=0",
            "seq=5 time=1970-01-01T00:00:00.000Z kind=RESERVED reservation=7 ordered=B holder=A qty=3 physical=100 reserved=3",
            "seq=6 time=1970-01-01T00:00:00.000Z kind=COMMITTED reservation=7 ordered=B holder=A qty=1 physical=99 reserved=2"),
            dump.outLines());

        final CliRun recover = CliRun.run("recover", "--journal", journal.toString());
        assertTrue(recover.out().startsWith("products=3 open_reservations=1 last_sequence=7 "), recover::toString);
        final StockEngine expected = JournalFixture.replay(batches, 7);
        assertTrue(recover.out().endsWith(String.format(" movements_replayed=3 batches_replayed=3 snapshot=%s " +
            "state_hash=%016x%n", newest.getFileName(), expected.stateHash())), recover::toString);
    }

    @Test
    void shouldOpenTheJournalAfterAPruneForWriting()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, "product A\n");
        CliRun.script(journal, "adjust A 4\n");
        CliRun.run("prune", "--journal", journal.toString());

        final CliRun run = CliRun.script(journal, "level A\n");

        assertEquals(List.of("physical=4 reserved=0 available=4 source=-"), run.outLines(), run::toString);
        try (Journal opened = Journal.openForReading(journal))
        {
            assertFalse(opened.lastIndex() < 0);
        }
    }

    private static List<Path> cycles(final Path journal) throws IOException
    {
        try (Stream<Path> files = Files.list(journal.resolve("queue")))
        {
            return files.filter(file -> file.toString().endsWith(".cq4")).sorted().toList();
        }
    }

    private static List<Path> files(final Path journal) throws IOException
    {
        try (Stream<Path> files = Files.walk(journal))
        {
            return files.filter(file -> Files.isRegularFile(file) && !file.endsWith("writer.lock")).sorted().toList();
        }
    }
}
