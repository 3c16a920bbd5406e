package dev.stockcore.cli;

import dev.stockcore.engine.movement.MovementDescriptor;
import dev.stockcore.journal.Journal;
import dev.stockcore.journal.SnapshotStore;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifyCommandTest
{
    /** How verify names an excerpt: its index in hex and decimal, and its cycle file. */
    private static String named(final Path journal, final long index)
    {
        try (Journal opened = Journal.openForReading(journal))
        {
            final String name = opened.excerptName(index);
            assertTrue(name.startsWith("excerpt at index 0x" + Long.toHexString(index) + " (" + index + ") in queue/") &&
                name.endsWith(".cq4"), name);
            return name;
        }
    }

    private static final String SCRIPT = String.join("\n",
        "product A", "product B", "adjust A 100", "link B A", "reserve 7 B 3", "time 10", "reserve 8 ttl=5 A 2",
        "time 20", "commit 7 B 1", "");

    @TempDir
    Path dir;

    @Test
    void shouldPrintOkAndCompareEverySnapshot()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SCRIPT);
        CliRun.script(journal, "release 7\nproduct C\n");

        final CliRun run = CliRun.run("verify", "--journal", journal.toString());

        assertEquals(0, run.status(), run::toString);
        assertEquals("OK", run.outLines().get(0));
        assertTrue(run.outLines().get(1).startsWith("from=start batches=12 movements=12 first_sequence=1 " +
            "last_sequence=12 snapshots_matched=2 full_invariant_checks=12 state_hash="), run::toString);
        assertEquals("", run.err());
    }

    @Test
    void shouldFailWhenASnapshotHoldsAnotherState() throws Exception
    {
        final Path journal = dir.resolve("j");
        final Path other = dir.resolve("other");
        CliRun.script(journal, "product A\nadjust A 10\n");
        CliRun.script(other, "product A\nadjust A 20\n");
        final Path snapshot = new SnapshotStore(journal).list().get(0);
        Files.copy(new SnapshotStore(other).list().get(0), snapshot, StandardCopyOption.REPLACE_EXISTING);

        final CliRun run = CliRun.run("verify", "--journal", journal.toString());

        assertEquals(1, run.status(), run::toString);
        assertEquals(1, run.outLines().size(), run::toString);
        assertTrue(run.out().startsWith("FAILED: excerpt at index 0x"), run::toString);
        assertTrue(run.out().contains("(sequence 2): snapshot " + snapshot.getFileName() + " (sequence 2) does " +
            "not match the journal: its state hash is "), run::toString);
    }

    @Test
    void shouldFailWhenASnapshotIsAheadOfTheJournal() throws Exception
    {
        final Path journal = dir.resolve("j");
        final Path longer = dir.resolve("longer");
        CliRun.script(journal, "product A\n");
        CliRun.script(longer, "product A\nproduct B\n");
        final Path ahead = new SnapshotStore(longer).list().get(0);
        Files.copy(ahead, journal.resolve("snapshots").resolve(ahead.getFileName()));

        final CliRun run = CliRun.run("verify", "--journal", journal.toString());

        assertEquals(1, run.status(), run::toString);
        assertEquals("FAILED: snapshot " + ahead.getFileName() + " covers sequence 2 but the journal ends at " +
            "sequence 1: the journal lost movements the snapshot holds\n", run.out());
    }

    @Test
    void shouldFailOnAGapInTheSequence()
    {
        final Path journal = dir.resolve("j");
        final List<byte[]> batches = new ArrayList<>(JournalFixture.batches("product A\nproduct B\nproduct C\n"));
        batches.remove(1);
        final long[] indices = JournalFixture.append(journal, batches, System.currentTimeMillis());

        final CliRun run = CliRun.run("verify", "--journal", journal.toString());

        assertEquals(1, run.status(), run::toString);
        assertEquals("FAILED: " + named(journal, indices[1]) + " (sequence 3): it starts at sequence 3 " +
            "but the journal before it ends at 1 (movements 2..2 are missing)\n", run.out());
    }

    @Test
    void shouldFailOnARepeatedBatch()
    {
        final Path journal = dir.resolve("j");
        final List<byte[]> batches = new ArrayList<>(JournalFixture.batches("product A\nproduct B\n"));
        batches.add(batches.get(1));
        final long[] indices = JournalFixture.append(journal, batches, System.currentTimeMillis());

        final CliRun run = CliRun.run("verify", "--journal", journal.toString());

        assertEquals(1, run.status(), run::toString);
        assertTrue(run.out().startsWith("FAILED: " + named(journal, indices[2]) + " (sequence 2): it " +
            "starts at sequence 2 but the journal before it already reached 2 (movements repeated)"), run::toString);
    }

    @Test
    void shouldFailWhenABatchOversellsItsHolder()
    {
        final Path journal = dir.resolve("j");
        final List<byte[]> batches = JournalFixture.batches("product A\nproduct B\nadjust A 100\nlink B A\nreserve 7 B 3\n");
        final UnsafeBuffer reserve = new UnsafeBuffer(batches.get(4));
        reserve.putLong(MovementDescriptor.BATCH_HEADER_LENGTH + MovementDescriptor.HOLDER_RESERVED_HELD_OFFSET, 1000);
        final long[] indices = JournalFixture.append(journal, batches, System.currentTimeMillis());

        final CliRun run = CliRun.run("verify", "--journal", journal.toString());

        assertEquals(1, run.status(), run::toString);
        assertEquals("FAILED: " + named(journal, indices[4]) + " (sequence 5): after it A is oversold: " +
            "reserved 1000 outside 0..100\n", run.out());
    }

    @Test
    void shouldFailWhenABatchBreaksAnInvariantTheHoldersDoNotShow()
    {
        final Path journal = dir.resolve("j");
        final List<byte[]> batches = JournalFixture.batches("product A\nadjust A 100\nreserve 7 A 3\n");
        final UnsafeBuffer reserve = new UnsafeBuffer(batches.get(2));
        reserve.putLong(MovementDescriptor.BATCH_HEADER_LENGTH + MovementDescriptor.HOLDER_RESERVED_HELD_OFFSET, 5);
        final long[] indices = JournalFixture.append(journal, batches, System.currentTimeMillis());

        final CliRun run = CliRun.run("verify", "--journal", journal.toString());

        assertEquals(1, run.status(), run::toString);
        assertEquals("FAILED: " + named(journal, indices[2]) + " (sequence 3): after it an invariant " +
            "does not hold: A: reservedHeld 5 but open lines hold 3\n", run.out());
    }

    @Test
    void shouldSkipAndReportACorruptSnapshot() throws Exception
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SCRIPT);
        final Path snapshot = new SnapshotStore(journal).list().get(0);
        final byte[] bytes = Files.readAllBytes(snapshot);
        bytes[60] ^= 0x40;
        Files.write(snapshot, bytes);

        final CliRun run = CliRun.run("verify", "--journal", journal.toString());

        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().startsWith("OK\n"), run::toString);
        assertTrue(run.out().contains(" snapshots_matched=0 "), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("stockcore verify: warning: snapshot " + snapshot.getFileName() +
            " skipped: checksum mismatch"), run::toString);
    }

    @Test
    void shouldVerifyAnEmptyJournal()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, "# nothing\n");

        final CliRun run = CliRun.run("verify", "--journal", journal.toString());

        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().startsWith("OK\nfrom=start batches=0 movements=0 "), run::toString);
    }
}
