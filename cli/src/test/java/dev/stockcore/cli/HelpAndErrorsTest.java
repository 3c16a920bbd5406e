package dev.stockcore.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HelpAndErrorsTest
{
    private static final String[] COMMANDS = {
        "demo", "script", "recover", "dump", "feed", "snapshot", "prune", "verify", "repair", "errors", "import", "export",
        "report", "reservation", "stat" };

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
        "verify   | --journal=DIR | --every-batch | FAILED",
        "import   | --skip-bad-rows | --reject-file=FILE | item_no,name,quantity,cost_price",
        "export   | --journal=DIR | FILE.csv|- | shares stock of SOURCE",
        "report   | --low=N | --format=table|csv|json | TOTAL" })
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

    @Test
    void shouldGiveEveryCommandAHelpWithItsOptionsExitStatusAndExamples()
    {
        final CommandLine cli = StockcoreCli.commandLine(InputStream.nullInputStream(),
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false);
        final List<String> checked = new ArrayList<>();
        for (final Map.Entry<String, CommandLine> command : cli.getSubcommands().entrySet())
        {
            if ("help".equals(command.getKey()))
            {
                continue;
            }
            final CliRun run = CliRun.run(command.getKey(), "--help");

            assertEquals(0, run.status(), run::toString);
            assertEquals("", run.err());
            assertTrue(run.out().contains("Usage: stockcore " + command.getKey() + " "), run::toString);
            for (final OptionSpec option : command.getValue().getCommandSpec().options())
            {
                assertTrue(run.out().contains(option.longestName()), command.getKey() + " " + option.longestName());
            }
            for (final PositionalParamSpec parameter : command.getValue().getCommandSpec().positionalParameters())
            {
                assertTrue(run.out().contains(parameter.paramLabel()), command.getKey() + " " + parameter.paramLabel());
            }
            assertTrue(run.out().contains("\nExit status:\n  0   "), run::toString);
            assertTrue(run.out().contains("\n  2   usage error"), run::toString);
            assertTrue(run.out().contains("\nExample"), run::toString);
            assertTrue(run.out().contains("\n  stockcore " + command.getKey() + " "), run::toString);
            checked.add(command.getKey());
        }
        assertEquals(List.of(COMMANDS), checked);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "recover", "dump", "snapshot", "prune", "verify", "export", "report" })
    void shouldRefuseADirectoryThatIsNotAJournalInOneLine(final String command) throws Exception
    {
        final Path notJournal = Files.createDirectories(dir.resolve("photos"));
        Files.writeString(notJournal.resolve("cat.jpg"), "meow");

        final CliRun run = "export".equals(command) ?
            CliRun.run(command, "--journal", notJournal.toString(), "-") :
            CliRun.run(command, "--journal", notJournal.toString());

        assertEquals(2, run.status(), run::toString);
        assertEquals("", run.out());
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("stockcore " + command + ": " + notJournal + " is not a stockcore journal " +
            "(it has no queue/ directory)"), run::toString);
        assertFalse(run.err().contains("Exception"), run::toString);
        assertTrue(Files.notExists(notJournal.resolve("queue")));
    }

    @Test
    void shouldRefuseToImportIntoADirectoryThatHoldsSomethingElse() throws Exception
    {
        final Path notJournal = Files.createDirectories(dir.resolve("photos"));
        Files.writeString(notJournal.resolve("cat.jpg"), "meow");
        final Path file = Files.writeString(dir.resolve("stock.csv"), "item_no,name,quantity,cost_price\nA,,1,\n");

        final CliRun run = CliRun.run("import", "--journal", notJournal.toString(), file.toString());

        assertEquals(2, run.status(), run::toString);
        assertEquals(List.of("stockcore import: " + notJournal + " is not empty and is not a stockcore journal (it " +
            "has no queue/ directory); pass a new or empty directory, or an existing journal"), run.errLines());
        assertTrue(Files.notExists(notJournal.resolve("queue")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "recover", "dump", "snapshot", "prune", "verify", "export", "report" })
    void shouldRefuseAMissingDirectoryWithoutCreatingIt(final String command)
    {
        final Path missing = dir.resolve("missing");

        final CliRun run = "export".equals(command) ?
            CliRun.run(command, "--journal", missing.toString(), "-") :
            CliRun.run(command, "--journal", missing.toString());

        assertEquals(2, run.status(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("stockcore " + command + ": no journal at " + missing), run::toString);
        assertTrue(Files.notExists(missing));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "recover", "dump", "snapshot", "prune", "verify", "errors", "import", "export", "report" })
    void shouldRequireTheJournalOption(final String command)
    {
        final CliRun run = "import".equals(command) || "export".equals(command) ?
            CliRun.run(command, "stock.csv") : CliRun.run(command);

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
