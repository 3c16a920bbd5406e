package dev.stockcore.cli;

import dev.stockcore.journal.Journal;
import dev.stockcore.journal.JournalException;
import dev.stockcore.journal.JournaledEngine;
import dev.stockcore.journal.Recovery;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code stockcore}: the operator command line, run by the {@code ./stockcore} launcher.
 * <p>
 * One subcommand per job ({@code demo}, {@code script}, {@code recover}, {@code dump}, {@code feed},
 * {@code snapshot}, {@code prune}, {@code verify}, {@code repair}, {@code errors}, {@code import}, {@code export},
 * {@code report}), each with {@code --help}. Results go to stdout, everything else (recovery warnings, progress, errors) to stderr.
 * Exit status: 0 done, 1 a check failed, 2 usage or I/O error; an expected
 * failure ({@link JournalException}: not a journal, locked by another writer, newer format...) prints its
 * one-line message, never a stack trace. {@link #main(String[])} is the only place that exits the JVM.
 */
@Command(
    name = "stockcore",
    mixinStandardHelpOptions = true,
    versionProvider = StockcoreVersion.class,
    synopsisSubcommandLabel = "COMMAND",
    description = "The stock reservation core with shared stock: run scripts on it, journal every movement, " +
        "and recover, inspect, follow, snapshot, prune, verify and repair the journal; import and export the accounting " +
        "system's inventory file and report the stock. Results go to stdout; warnings, progress and errors to " +
        "stderr. Every command takes --help.",
    commandListHeading = "%nCommands:%n",
    subcommands = {
        DemoCommand.class,
        ScriptCommand.class,
        RecoverCommand.class,
        DumpCommand.class,
        FeedCommand.class,
        SnapshotCommand.class,
        PruneCommand.class,
        VerifyCommand.class,
        RepairCommand.class,
        ErrorsCommand.class,
        ImportCommand.class,
        ExportCommand.class,
        ReportCommand.class,
        ReservationCommand.class,
        StatCommand.class,
        CommandLine.HelpCommand.class },
    exitCodeListHeading = ExitStatus.HEADING,
    exitCodeList = { ExitStatus.OK_TEXT, ExitStatus.CHECK_FAILED_TEXT, ExitStatus.ERROR_TEXT },
    footerHeading = "%nEnvironment (read by the ./stockcore launcher):%n",
    footer = {
        "  JAVA_HOME            the JDK to run, 17 or later",
        "  STOCKCORE_JAVA_OPTS  extra JVM options (heap, GC...)",
        "",
        "Benchmarks: ./stockcore bench [--quick] (the bench module's own command line; ./stockcore bench --help)" })
public final class StockcoreCli implements Callable<Integer>
{
    private static final int USAGE_WIDTH = 100;
    private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    @Spec
    private CommandSpec spec;
    private final InputStream in;
    private final boolean terminal;

    private StockcoreCli(final InputStream in, final boolean terminal)
    {
        this.in = in;
        this.terminal = terminal;
    }

    /**
     * Runs a command and exits with its status.
     *
     * @param args the command line, e.g. {@code dump --journal DIR --sku A}.
     */
    public static void main(final String[] args)
    {
        // Chronicle logs INFO lines (library loaded, file mapped) that are not the operator's business.
        if (System.getProperty(LOG_LEVEL_PROPERTY) == null)
        {
            System.setProperty(LOG_LEVEL_PROPERTY, "warn");
        }
        final PrintWriter out = new PrintWriter(
            new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16));
        final PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        final int status = commandLine(System.in, out, err, TerminalProgress.isTerminal()).execute(args);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * The command line with its streams and error handling; {@code execute(args)} runs a command.
     *
     * @param in       standard input (the script {@code -}).
     * @param out      results.
     * @param err      messages, warnings and progress.
     * @param terminal whether progress lines may be shown.
     * @return the command line.
     */
    static CommandLine commandLine(final InputStream in, final PrintWriter out, final PrintWriter err, final boolean terminal)
    {
        final CommandLine commandLine = new CommandLine(new StockcoreCli(in, terminal));
        commandLine.setUsageHelpWidth(USAGE_WIDTH);
        commandLine.setOut(out);
        commandLine.setErr(err);
        // A defect (not a JournalException) still prints its stack trace, but exits 2, not picocli's 1.
        commandLine.getCommandSpec().exitCodeOnExecutionException(ExitStatus.ERROR);
        for (final CommandLine subcommand : commandLine.getSubcommands().values())
        {
            subcommand.getCommandSpec().exitCodeOnExecutionException(ExitStatus.ERROR);
        }
        commandLine.setParameterExceptionHandler(StockcoreCli::onParameterException);
        commandLine.setExecutionExceptionHandler(StockcoreCli::onExecutionException);
        return commandLine;
    }

    /**
     * No command given: list them.
     *
     * @return {@link ExitStatus#ERROR}.
     */
    @Override
    public Integer call()
    {
        final PrintWriter err = spec.commandLine().getErr();
        err.println("stockcore: which command? (stockcore --help says more)");
        spec.commandLine().usage(err);
        return ExitStatus.ERROR;
    }

    /** @return standard input, where a script named {@code -} is read from. */
    InputStream in()
    {
        return in;
    }

    /**
     * A progress line for a replay, shown only on a terminal.
     *
     * @param label what replays, e.g. {@code recover}.
     * @return the progress reporter.
     */
    TerminalProgress progress(final String label)
    {
        return new TerminalProgress(spec.commandLine().getErr(), label, terminal);
    }

    /**
     * A progress line for a job that is not a replay, shown only on a terminal.
     *
     * @param label what runs, e.g. {@code import}.
     * @param unit  what it counts, plural, e.g. {@code rows}.
     * @return the progress reporter.
     */
    TerminalProgress progress(final String label, final String unit)
    {
        return new TerminalProgress(spec.commandLine().getErr(), label, unit, terminal);
    }

    /**
     * Recovers the state of an open journal, with progress on a terminal, and prints each warning (a
     * snapshot skipped...) on stderr as the command's.
     *
     * @param journal the journal, open for reading or writing.
     * @param command the command recovering.
     * @return what was recovered.
     */
    Recovery.Outcome recover(final Journal journal, final CommandSpec command)
    {
        final TerminalProgress progress = progress("recover");
        final Recovery.Outcome result;
        try
        {
            result = Recovery.recover(journal, new JournaledEngine.Context()::newEngine, progress);
        }
        finally
        {
            progress.finish();
        }
        warn(command, result.warnings());
        return result;
    }

    /**
     * Prints each warning (a snapshot skipped...) on stderr.
     *
     * @param command  the command printing them.
     * @param warnings one line each.
     */
    static void warn(final CommandSpec command, final List<String> warnings)
    {
        for (final String warning : warnings)
        {
            command.commandLine().getErr().println(command.qualifiedName() + ": warning: " + warning);
        }
    }

    private static int onParameterException(final ParameterException ex, final String[] args)
    {
        final CommandLine command = ex.getCommandLine();
        final PrintWriter err = command.getErr();
        final String name = command.getCommandSpec().qualifiedName();
        err.println(name + ": " + ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + name + " --help' for the usage.");
        return ExitStatus.ERROR;
    }

    private static int onExecutionException(final Exception ex, final CommandLine command, final ParseResult parsed)
        throws Exception
    {
        if (ex instanceof JournalException || ex instanceof UncheckedIOException)
        {
            command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
            return ExitStatus.ERROR;
        }
        throw ex;
    }
}
