package dev.stockcore.cli;

import dev.stockcore.engine.MovementHandler;
import dev.stockcore.engine.StockEngine;
import dev.stockcore.engine.script.ScriptRunner;
import dev.stockcore.journal.Durability;
import dev.stockcore.journal.JournaledEngine;
import dev.stockcore.journal.Recovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code stockcore script [--journal DIR] FILE|-}: runs a script, one output line per command line.
 * <p>
 * Without {@code --journal}, on a fresh in-memory engine. With it, the state
 * is recovered from the journal first, every movement is journaled, and each command is committed before
 * its output line is written, so a printed line is an acknowledgement; two runs continue each other.
 */
@Command(
    name = "script",
    mixinStandardHelpOptions = true,
    header = "Run a stock script, in memory or on a journal.",
    description = {
        "Runs a stock script and prints one line per command: OK, a result code name, or for 'level' the " +
            "level line. FILE '-' reads standard input.",
        "",
        "Without --journal the engine is fresh and in memory. With --journal the state is recovered from DIR " +
            "first (DIR is created if missing), every movement is journaled, and each command is committed " +
            "before its line is printed, so a printed line is an acknowledgement; the next run continues from " +
            "there. The end of the run writes a snapshot. Recovery messages and warnings go to stderr; stdout " +
            "holds only the script's output lines.",
        "" },
    footerHeading = "%nScript language (one command per line; blank lines and lines starting with # print nothing):%n",
    footer = {
        "  product <sku>                            register a product",
        "  adjust <sku> <delta> [<unitCost>]        inventory adjustment, delta != 0",
        "  count <sku> <qty> [<unitCost>]           inventory count (absolute)",
        "  link <consumer> <source>                 consumer sells the source's stock",
        "  unlink <consumer>                        back to standalone",
        "  time <epochMillis>                       advance engine time (never backwards)",
        "  reserve <id> [ttl=<millis>] <sku> <qty> [<sku> <qty>]...",
        "  commit <id> [<sku> <qty>]...             no lines: commit everything left",
        "  release <id>",
        "  level <sku>                              physical=.. reserved=.. available=.. source=..",
        "docs/script.md has the full rules.",
        "",
        "Examples:",
        "  stockcore script examples/shared-stock.txt                     # in memory",
        "  stockcore script --journal /var/lib/stockcore orders.txt      # journaled; run again to continue",
        "  echo 'level OIL-1L' | stockcore script --journal /var/lib/stockcore -" },
    exitCodeListHeading = ExitStatus.HEADING,
    exitCodeList = {
        "0:the script ran, whatever the results of its commands",
        ExitStatus.ERROR_TEXT })
final class ScriptCommand implements Callable<Integer>
{
    private static final int CHUNK = 8192;

    @ParentCommand
    private StockcoreCli cli;

    @Spec
    private CommandSpec spec;

    @Option(
        names = "--journal",
        paramLabel = "DIR",
        description = "recover from this journal first and journal every movement to it")
    private Path journalDir;

    @Option(
        names = "--durability",
        paramLabel = "async|sync",
        converter = DurabilityConverter.class,
        description = "with --journal, what an acknowledged command survives: async (the default) a crash of " +
            "the process; sync also a power loss (one disk flush per command)")
    private Durability durability;

    @Parameters(paramLabel = "FILE|-", description = "the script, or - for standard input")
    private String file;

    @Override
    public Integer call()
    {
        if (durability != null && journalDir == null)
        {
            throw new ParameterException(spec.commandLine(), "--durability needs --journal DIR");
        }
        if (journalDir != null)
        {
            JournalDirectory.requireNewOrJournal(journalDir);
        }
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        // ISO-8859-1 maps every byte to a char, so a stray non-ASCII byte is a bad token, not a crash.
        try (Reader in = "-".equals(file) ?
            new InputStreamReader(cli.in(), StandardCharsets.ISO_8859_1) :
            Files.newBufferedReader(Path.of(file), StandardCharsets.ISO_8859_1))
        {
            if (journalDir == null)
            {
                new ScriptRunner(new StockEngine(MovementHandler.NONE)).run(in, out);
                return ExitStatus.OK;
            }
            return runJournaled(in, out, err);
        }
        catch (final NoSuchFileException ex)
        {
            err.println(spec.qualifiedName() + ": no such file: " + file);
            return ExitStatus.ERROR;
        }
        catch (final IOException ex)
        {
            err.println(spec.qualifiedName() + ": cannot read " + file + ": " + ex.getMessage());
            return ExitStatus.ERROR;
        }
        finally
        {
            out.flush();
        }
    }

    private int runJournaled(final Reader in, final PrintWriter out, final PrintWriter err) throws IOException
    {
        final TerminalProgress progress = cli.progress("recover " + journalDir);
        final JournaledEngine journaled;
        try
        {
            journaled = JournaledEngine.open(new JournaledEngine.Context()
                .journalDir(journalDir)
                .durability(durability == null ? Durability.ASYNC : durability)
                .progress(progress));
        }
        finally
        {
            progress.finish();
        }
        final Recovery.Outcome recovery = journaled.recovery();
        StockcoreCli.warn(spec, recovery.warnings());
        if (recovery.engine().sequence() > 0)
        {
            err.println(spec.qualifiedName() + ": recovered " + Recovery.summary(recovery));
        }
        final StockEngine engine = journaled.engine();
        boolean clean = false;
        try
        {
            run(new ScriptRunner(engine), journaled, in, out);
            clean = true;
            return ExitStatus.OK;
        }
        catch (final RuntimeException | Error ex)
        {
            // Any Error counts: a fault writing the mapped journal file (disk full) surfaces as an InternalError,
            // possibly a few statements after the write, wherever the thread next polls.
            if (!(ex instanceof Error) && !engine.isFailed() && !journaled.isFailed())
            {
                throw ex;
            }
            journaled.markFailed(ex);
            out.flush();
            err.println(spec.qualifiedName() + ": stopped: the journal " + journalDir + " failed (" + ex + "); the " +
                "command being run and those after it were not run; fix the cause (disk space, permissions), then run " +
                "./stockcore recover --journal " + journalDir + " (and ./stockcore repair --journal " + journalDir +
                " if it says so) to see what the journal holds before running again");
            return ExitStatus.ERROR;
        }
        finally
        {
            // Only a run that ended cleanly may snapshot: after any failure the state may be ahead of the journal.
            if (clean)
            {
                journaled.close();
            }
            else
            {
                journaled.closeWithoutSnapshot();
            }
        }
    }

    /**
     * Splits lines exactly as {@link ScriptRunner#run} does (on {@code \n} only, a trailing {@code \r} left
     * for the runner to ignore), commits each command before writing its line, and flushes whenever the
     * input has nothing more ready, so an interactive session sees each acknowledgement at once.
     */
    private static void run(final ScriptRunner runner, final JournaledEngine journaled, final Reader in,
        final PrintWriter out) throws IOException
    {
        final StringBuilder line = new StringBuilder(256);
        final char[] chunk = new char[CHUNK];
        int read;
        while ((read = in.read(chunk)) > 0)
        {
            for (int i = 0; i < read; i++)
            {
                final char c = chunk[i];
                if (c == '\n')
                {
                    acknowledge(runner, journaled, line, out);
                    line.setLength(0);
                }
                else
                {
                    line.append(c);
                }
            }
            if (!in.ready())
            {
                out.flush();
            }
        }
        if (line.length() > 0)
        {
            acknowledge(runner, journaled, line, out);
        }
    }

    private static void acknowledge(final ScriptRunner runner, final JournaledEngine journaled,
        final CharSequence line, final PrintWriter out)
    {
        final CharSequence result = runner.execute(line);
        if (result != null)
        {
            journaled.commit();
            out.append(result).append('\n');
        }
    }

    /**
     * {@code async} or {@code sync}, as the README and the issue spell them.
     */
    static final class DurabilityConverter implements ITypeConverter<Durability>
    {
        @Override
        public Durability convert(final String value)
        {
            switch (value)
            {
                case "async":
                    return Durability.ASYNC;
                case "sync":
                    return Durability.SYNC;
                default:
                    throw new TypeConversionException("'" + value + "' is not a durability: use async or sync");
            }
        }
    }
}
