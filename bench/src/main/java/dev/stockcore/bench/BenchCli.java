package dev.stockcore.bench;

import dev.stockcore.bench.jmh.JmhRunner;
import dev.stockcore.journal.JournalException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ./stockcore bench}: the benchmark command line.
 * <p>
 * Without a subcommand it runs the headline set ({@link HeadlineRun}: the engine core JMH suites, a short peak
 * series, and every peer of {@link dev.stockcore.bench.peers.PeerLaunchers}) and prints one table of goals next to
 * measured figures, then the engine-over-peer ratios. {@code peak} runs the open-loop simulator alone and
 * {@code jmh} passes its arguments to JMH. Every run writes its files ({@code .hgrm}, PNG, {@code summary.json})
 * to {@code --out DIR}, by default {@code bench-results/<timestamp>/}. Exit status: 0 done, 1 a peer was found
 * oversold, 2 usage error or a failure (the message says what).
 */
@Command(
    name = "stockcore bench",
    synopsisSubcommandLabel = "[COMMAND]",
    description = "Measures the engine and what one would otherwise use, in the same run: JMH suites, the " +
        "open-loop peak simulator and the peers (in-JVM locked map; PostgreSQL and Redis where their launchers " +
        "are present). Without a command: the headline set in under ~5 minutes (--quick: under a minute), one " +
        "table of goals next to measured figures, then the ratios. Figures depend on the machine; on a shared " +
        "machine they are for orientation only.",
    commandListHeading = "%nCommands:%n",
    subcommands = {PeakCommand.class, JmhCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:done", "1:a peer was found oversold", "2:usage error or a failure (the message says what)"})
public final class BenchCli implements Callable<Integer>
{
    private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";
    private static final int USAGE_WIDTH = 100;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    private boolean help;

    @Option(names = "--quick", description = "the short set: under a minute, fewer rates and concurrencies")
    private boolean quick;

    @Option(names = "--out", paramLabel = "DIR",
        description = "output directory (default: bench-results/<timestamp>/)")
    private Path out;

    /**
     * Runs a command and exits with its status.
     *
     * @param args the command line, e.g. {@code --quick} or {@code peak --rates 100k,1M}.
     */
    public static void main(final String[] args)
    {
        // Chronicle logs INFO lines (library loaded, file mapped) that are not the reader's business.
        if (System.getProperty(LOG_LEVEL_PROPERTY) == null)
        {
            System.setProperty(LOG_LEVEL_PROPERTY, "warn");
        }
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with its error handling; {@code execute(args)} runs a command.
     *
     * @return the command line.
     */
    public static CommandLine commandLine()
    {
        final CommandLine commandLine = new CommandLine(new BenchCli());
        commandLine.setUsageHelpWidth(USAGE_WIDTH);
        commandLine.getSubcommands().get("jmh").setUnmatchedOptionsArePositionalParams(true);
        commandLine.setExecutionExceptionHandler((ex, line, parseResult) ->
        {
            line.getErr().println("stockcore bench: " + ex.getMessage());
            // A bad argument or an unusable directory is the user's to fix: its message says how. Anything
            // else is a defect or a failing peer, whose stack trace is wanted.
            if (!(ex instanceof IllegalArgumentException || ex instanceof JournalException ||
                ex instanceof JmhRunner.LockTakenException))
            {
                ex.printStackTrace(line.getErr());
            }
            return 2;
        });
        commandLine.setParameterExceptionHandler((ex, args) ->
        {
            ex.getCommandLine().getErr().println("stockcore bench: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return 2;
        });
        return commandLine;
    }

    @Override
    public Integer call() throws Exception
    {
        return new HeadlineRun(quick, OutputDirectory.resolve(out), System.out).run();
    }
}
