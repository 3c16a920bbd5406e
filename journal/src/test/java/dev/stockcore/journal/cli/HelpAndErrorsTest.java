package dev.stockcore.journal.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HelpAndErrorsTest
{
    private static final String[] COMMANDS = { "script", "recover", "dump", "snapshot", "prune", "verify" };

    @TempDir
    Path dir;

    @Test
    void shouldListEveryCommandInTheTopLevelHelp()
    {
        final CliRun run = CliRun.run("--help");

        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().startsWith("Usage: stockcore [-hV] COMMAND"), run::toString);
        for (final String command : COMMANDS)
        {
            assertTrue(run.out().contains("\n  " + command + " "), command);
        }
        assertTrue(run.out().contains("Exit status:"), run::toString);
    }

    @Test
    void shouldListTheCommandsOnStderrWhenNoneIsGiven()
    {
        final CliRun run = CliRun.run();

        assertEquals(2, run.status());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("stockcore: which command? (stockcore --help says more)\nUsage: stockcore"),
            run::toString);
        for (final String command : COMMANDS)
        {
            assertTrue(run.err().contains("\n  " + command + " "), command);
        }
    }

    @ParameterizedTest(name = "{0} --help")
    @CsvSource(delimiter = '|', value = {
        "script   | --journal=DIR | --durability=async|sync | FILE|-",
        "recover  | --journal=DIR | does not modify the journal | Exit status:",
        "dump     | --journal=DIR | --from=SEQ | --sku=SKU",
        "snapshot | --journal=DIR | writer lock | Exit status:",
        "prune    | --journal=DIR | Without a valid snapshot it deletes nothing | writer lock",
        "verify   | --journal=DIR | --every-batch | FAILED" })
    void shouldDescribeEachCommandsOptions(final String command, final String first, final String second,
        final String third)
    {
        final CliRun run = CliRun.run(command, "--help");

        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("Usage: stockcore " + command + " "), run::toString);
        assertTrue(run.out().contains(first), first);
        assertTrue(run.out().contains(second), second);
        assertTrue(run.out().contains(third), third);
        assertEquals("", run.err());
    }

    @Test
    void shouldDocumentTheDumpLineFormatAndTheReservationFilter()
    {
        final CliRun run = CliRun.run("help", "dump");

        assertEquals(0, run.status());
        assertTrue(run.out().contains("--reservation=ID"), run::toString);
        assertTrue(run.out().contains("seq=12 time=1970-01-01T00:00:00.005Z kind=RESERVED reservation=7 ordered=B " +
            "holder=A"), run::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "recover", "dump", "snapshot", "prune", "verify" })
    void shouldRefuseADirectoryThatIsNotAJournalInOneLine(final String command) throws Exception
    {
        final Path notJournal = Files.createDirectories(dir.resolve("photos"));
        Files.writeString(notJournal.resolve("cat.jpg"), "meow");

        final CliRun run = CliRun.run(command, "--journal", notJournal.toString());

        assertEquals(2, run.status(), run::toString);
        assertEquals("", run.out());
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("stockcore " + command + ": " + notJournal + " is not a stockcore journal " +
            "(it has no queue/ directory)"), run::toString);
        assertFalse(run.err().contains("Exception"), run::toString);
        assertTrue(Files.notExists(notJournal.resolve("queue")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "recover", "dump", "snapshot", "prune", "verify" })
    void shouldRefuseAMissingDirectoryWithoutCreatingIt(final String command)
    {
        final Path missing = dir.resolve("missing");

        final CliRun run = CliRun.run(command, "--journal", missing.toString());

        assertEquals(2, run.status(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("stockcore " + command + ": no journal at " + missing), run::toString);
        assertTrue(Files.notExists(missing));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "recover", "dump", "snapshot", "prune", "verify" })
    void shouldRequireTheJournalOption(final String command)
    {
        final CliRun run = CliRun.run(command);

        assertEquals(2, run.status(), run::toString);
        assertTrue(run.err().startsWith("stockcore " + command + ": Missing required option: '--journal=DIR'"),
            run::toString);
        assertTrue(run.err().contains("Try 'stockcore " + command + " --help' for the usage."), run::toString);
    }

    @Test
    void shouldSuggestTheCommandMeant()
    {
        final CliRun run = CliRun.run("dupm");

        assertEquals(2, run.status());
        assertTrue(run.err().contains("Did you mean: stockcore dump?"), run::toString);
    }

    @Test
    void shouldPrintTheVersion()
    {
        final CliRun run = CliRun.run("--version");

        assertEquals(0, run.status());
        assertTrue(run.out().startsWith("stockcore "), run::toString);
    }
}
