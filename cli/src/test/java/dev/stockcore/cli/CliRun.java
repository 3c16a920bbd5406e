package dev.stockcore.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One in-process run of the command line, through picocli's {@code execute}, with stdout and stderr captured.
 *
 * @param status exit status.
 * @param out    standard output.
 * @param err    standard error.
 */
record CliRun(int status, String out, String err)
{
    static CliRun run(final String... args)
    {
        return runWithInput("", args);
    }

    static CliRun runWithInput(final String input, final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final PrintWriter outWriter = new PrintWriter(out);
        final PrintWriter errWriter = new PrintWriter(err);
        final int status = StockcoreCli.commandLine(
            new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1)), outWriter, errWriter, false)
            .execute(args);
        outWriter.flush();
        errWriter.flush();
        return new CliRun(status, out.toString(), err.toString());
    }

    /** Runs {@code script --journal DIR FILE} on a script written to a temporary file beside the journal. */
    static CliRun script(final Path journal, final String script, final String... extraArgs)
    {
        final Path file = journal.resolveSibling(journal.getFileName() + "-" + System.nanoTime() + ".txt");
        try
        {
            Files.writeString(file, script, StandardCharsets.ISO_8859_1);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final List<String> args = new ArrayList<>(List.of("script", "--journal", journal.toString()));
        args.addAll(List.of(extraArgs));
        args.add(file.toString());
        return run(args.toArray(new String[0]));
    }

    List<String> outLines()
    {
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    List<String> errLines()
    {
        return err.isEmpty() ? List.of() : List.of(err.split("\n"));
    }

    @Override
    public String toString()
    {
        return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
