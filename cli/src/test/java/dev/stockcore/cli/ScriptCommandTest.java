package dev.stockcore.cli;

import dev.stockcore.journal.Journal;
import dev.stockcore.journal.JournaledEngine;
import dev.stockcore.journal.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScriptCommandTest
{
    private static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path dir;

    @Test
    void shouldPrintTheExampleOutputWithoutAJournal() throws Exception
    {
        final CliRun run = CliRun.run("script", EXAMPLES.resolve("shared-stock.txt").toString());

        assertEquals(0, run.status(), run::toString);
        assertEquals(Files.readString(EXAMPLES.resolve("shared-stock.expected")), run.out());
        assertEquals("", run.err());
    }

    @Test
    void shouldPrintTheSameOutputOnAJournalAsInMemory() throws Exception
    {
        final Path journal = dir.resolve("j");
        final CliRun run = CliRun.run("script", "--journal", journal.toString(),
            EXAMPLES.resolve("shared-stock.txt").toString());

        assertEquals(0, run.status(), run::toString);
        assertEquals(Files.readString(EXAMPLES.resolve("shared-stock.expected")), run.out());
        assertTrue(Files.isDirectory(journal.resolve("queue")));
    }

    @Test
    void shouldContinueTheStateOfThePreviousRun()
    {
        final Path journal = dir.resolve("j");
        final CliRun first = CliRun.script(journal, "product A\nproduct B\nadjust A 100\nlink B A\nreserve 7 B 3\n");
        final CliRun second = CliRun.script(journal, "level A\nlevel B\nproduct A\ncommit 7\nlevel A\n");

        assertEquals(List.of("OK", "OK", "OK", "OK", "OK"), first.outLines(), first::toString);
        assertEquals(List.of(
            "physical=100 reserved=3 available=97 source=-",
            "physical=0 reserved=3 available=97 source=A",
            "DUPLICATE_PRODUCT",
            "OK",
            "physical=97 reserved=0 available=97 source=-"), second.outLines(), second::toString);
        assertTrue(second.err().contains("recovered products=2 open_reservations=1 last_sequence=5"), second::toString);
    }

    @Test
    void shouldReadStandardInputAndSyncEachCommand()
    {
        final Path journal = dir.resolve("j");
        final CliRun run = CliRun.runWithInput("product A\r\n# comment\n\nadjust A 5\nlevel A",
            "script", "--journal", journal.toString(), "--durability", "sync", "-");

        assertEquals(List.of("OK", "OK", "physical=5 reserved=0 available=5 source=-"), run.outLines(), run::toString);
    }

    @Test
    void shouldJournalEveryMovementAndSnapshotAtTheEnd()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, "product A\nadjust A 5\nproduct B\n");

        try (Journal opened = Journal.openForReading(journal))
        {
            assertEquals(3, opened.countExcerpts(opened.firstIndex(), opened.lastIndex() + 1));
        }
        final List<Path> snapshots = new SnapshotStore(journal).list();
        assertEquals(1, snapshots.size());
        assertEquals(3, new SnapshotStore(journal).verify(snapshots.get(0)).sequence());
    }

    @Test
    void shouldRefuseADirectoryThatHoldsSomethingElse() throws Exception
    {
        final Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "not a journal");

        final CliRun run = CliRun.script(other, "product A\n");

        assertEquals(2, run.status(), run::toString);
        assertTrue(run.err().contains("is not empty and is not a stockcore journal"), run::toString);
        assertEquals("", run.out());
        assertTrue(Files.notExists(other.resolve("queue")));
    }

    @Test
    void shouldRefuseASecondWriter()
    {
        final Path journal = dir.resolve("j");
        try (JournaledEngine writer = JournaledEngine.open(new JournaledEngine.Context().journalDir(journal)))
        {
            final CliRun run = CliRun.script(journal, "product A\n");

            assertEquals(2, run.status(), run::toString);
            assertEquals(1, run.errLines().size(), run::toString);
            assertTrue(run.err().contains("already open for writing"), run::toString);
            assertEquals(0, writer.engine().productCount());
        }
    }

    @Test
    void shouldRejectDurabilityWithoutJournal()
    {
        final CliRun run = CliRun.run("script", "--durability", "sync", "-");

        assertEquals(2, run.status());
        assertTrue(run.err().contains("--durability needs --journal"), run::toString);
    }

    @Test
    void shouldRejectAnUnknownDurability()
    {
        final CliRun run = CliRun.run("script", "--journal", dir.resolve("j").toString(), "--durability", "fast", "-");

        assertEquals(2, run.status());
        assertTrue(run.err().contains("'fast' is not a durability: use async or sync"), run::toString);
    }

    @Test
    void shouldReportAMissingScriptFile()
    {
        final CliRun run = CliRun.run("script", dir.resolve("missing.txt").toString());

        assertEquals(2, run.status());
        assertEquals(List.of("stockcore script: no such file: " + dir.resolve("missing.txt")), run.errLines());
    }
}
