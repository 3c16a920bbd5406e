package dev.stockcore.cli;

import dev.stockcore.journal.JournaledEngine;
import dev.stockcore.journal.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecoverCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldPrintTheSummaryOfARecoveryFromTheNewestSnapshot()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, "product A\nproduct B\nadjust A 10\nlink B A\nreserve 7 B 3\n");
        final long hash;
        try (JournaledEngine writer = JournaledEngine.open(new JournaledEngine.Context().journalDir(journal)))
        {
            hash = writer.engine().stateHash();
        }

        final CliRun run = CliRun.run("recover", "--journal", journal.toString());

        assertEquals(0, run.status(), run::toString);
        assertEquals(1, run.outLines().size(), run::toString);
        assertTrue(run.out().matches("products=2 open_reservations=1 last_sequence=5 time_ms=[0-9.]+ " +
            "movements_replayed=0 batches_replayed=0 snapshot=snapshot-00000000000000000005.snap " +
            "state_hash=" + String.format("%016x", hash) + "\n"), run::toString);
        assertEquals("", run.err());
    }

    @Test
    void shouldReportASkippedSnapshotAndReplayFromTheOlderOne() throws Exception
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, "product A\nadjust A 10\n");
        CliRun.script(journal, "reserve 1 A 4\nreserve 2 A 1\n");
        final Path newest = new SnapshotStore(journal).list().get(0);
        Files.write(newest, new byte[] { 1, 2, 3 });

        final CliRun run = CliRun.run("recover", "--journal", journal.toString());

        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().startsWith("products=1 open_reservations=2 last_sequence=4 "), run::toString);
        assertTrue(run.out().contains(" movements_replayed=2 batches_replayed=2 " +
            "snapshot=snapshot-00000000000000000002.snap "), run::toString);
        assertEquals(List.of("stockcore recover: warning: snapshot " + newest.getFileName() + " skipped: it is 3 " +
            "bytes, too short to be a snapshot"), run.errLines());
    }

    @Test
    void shouldRecoverWhileAWriterRunsAndChangeNothing() throws Exception
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, "product A\nadjust A 10\n");
        try (JournaledEngine writer = JournaledEngine.open(new JournaledEngine.Context().journalDir(journal)))
        {
            writer.engine().addProduct("B");
            writer.commit();
            final List<Path> snapshots = new SnapshotStore(journal).list();
            final byte[] snapshot = Files.readAllBytes(snapshots.get(0));

            final CliRun run = CliRun.run("recover", "--journal", journal.toString());

            assertEquals(0, run.status(), run::toString);
            assertTrue(run.out().startsWith("products=2 open_reservations=0 last_sequence=3 "), run::toString);
            assertTrue(run.out().contains(" movements_replayed=1 batches_replayed=1 "), run::toString);
            assertEquals(snapshots, new SnapshotStore(journal).list());
            assertArrayEquals(snapshot, Files.readAllBytes(snapshots.get(0)));
        }
    }
}
