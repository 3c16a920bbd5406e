package dev.stockcore.engine.script;

import dev.stockcore.engine.MovementListener;
import dev.stockcore.engine.StockEngine;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code stockcore script FILE|-}: runs a script against a fresh in-memory engine and prints one line per
 * command. Exit status 0 whatever the results, 2 if the script cannot be read or the usage is wrong.
 */
public final class ScriptMain
{
    static final String USAGE = String.join(System.lineSeparator(),
        "Usage: stockcore script FILE",
        "",
        "Runs a stock script against a fresh in-memory engine and prints one line per command:",
        "OK, a result code name, or for 'level' the level line. FILE '-' reads standard input.",
        "",
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
        "",
        "Exit status: 0 when the script ran (whatever the results), 2 when it cannot be read.");

    private ScriptMain()
    {
    }

    /**
     * Entry point.
     *
     * @param args {@code script FILE}, or just {@code FILE}.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        int first = 0;
        if (args.length > 0 && "script".equals(args[0]))
        {
            first = 1;
        }
        if (args.length - first == 1 && ("--help".equals(args[first]) || "-h".equals(args[first])))
        {
            out.println(USAGE);
            return 0;
        }
        if (args.length - first != 1)
        {
            err.println("stockcore script: expected exactly one FILE (or '-' for standard input)");
            err.println(USAGE);
            return 2;
        }
        final String file = args[first];
        // ISO-8859-1 maps every byte to a char, so a stray non-ASCII byte is a bad token, not a crash.
        try (Reader in = "-".equals(file) ?
            new InputStreamReader(System.in, StandardCharsets.ISO_8859_1) :
            Files.newBufferedReader(Path.of(file), StandardCharsets.ISO_8859_1))
        {
            final Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII), 1 << 16);
            new ScriptRunner(new StockEngine(MovementListener.NONE)).run(in, writer);
            writer.flush();
            return 0;
        }
        catch (final NoSuchFileException ex)
        {
            err.println("stockcore script: no such file: " + file);
            return 2;
        }
        catch (final IOException ex)
        {
            err.println("stockcore script: cannot read " + file + ": " + ex.getMessage());
            return 2;
        }
    }
}
