package dev.stockcore.cli;

import dev.stockcore.runtime.StockRuntime;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code stockcore errors --journal DIR}: prints the distinct errors an embedded runtime recorded in the journal
 * directory (its Agrona error log), for the current or last run and the run before it.
 */
@Command(
    name = "errors",
    mixinStandardHelpOptions = true,
    header = "Print the errors the embedded runtime recorded in the journal directory; read-only.",
    description = {
        "An exception inside the runtime's engine agent fails the runtime (every pending and later call is " +
            "answered ENGINE_FAILED) and is recorded, once per distinct error with a count and first and last " +
            "time, in " + StockRuntime.ERROR_LOG_FILE + " in the journal directory. The next launch keeps a log " +
            "that recorded anything as " + StockRuntime.PREVIOUS_ERROR_LOG_FILE + ". This command prints both; " +
            "it also works while the runtime runs.",
        "" },
    footerHeading = "%nExamples:%n",
    footer = {
        "  stockcore errors --journal /var/lib/stockcore",
        "  stockcore errors --journal /var/lib/stockcore || alert 'stock runtime recorded errors'" },
    exitCodeListHeading = ExitStatus.HEADING,
    exitCodeList = {
        "0:no error recorded",
        "1:errors were recorded (printed on stdout)",
        ExitStatus.ERROR_TEXT })
final class ErrorsCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private JournalOption journal;

    @Override
    public Integer call()
    {
        JournalDirectory.requireJournal(journal.dir);
        final PrintWriter out = spec.commandLine().getOut();
        final boolean previous = print(out, journal.dir.resolve(StockRuntime.PREVIOUS_ERROR_LOG_FILE), "previous run");
        final boolean current = print(out, journal.dir.resolve(StockRuntime.ERROR_LOG_FILE), "current or last run");
        if (!previous && !current)
        {
            out.println("no runtime errors recorded in " + journal.dir);
            return ExitStatus.OK;
        }
        return ExitStatus.CHECK_FAILED;
    }

    private static boolean print(final PrintWriter out, final Path file, final String which)
    {
        if (!Files.exists(file))
        {
            return false;
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file.toFile(), "runtime error log");
        try
        {
            final String errors = StockRuntime.readErrors(new UnsafeBuffer(mapped));
            if (errors.isEmpty())
            {
                return false;
            }
            out.println("== " + which + " (" + file + ")");
            out.print(errors);
            return true;
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }
}
