package dev.stockcore.cli;

import dev.stockcore.journal.Journal;
import dev.stockcore.journal.JournaledEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Inventory files written for a test and what a test reads back from a journal after an import.
 */
final class InventoryFiles
{
    static final String HEADER = "item_no,name,quantity,cost_price\n";

    /**
     * A shop with shared stock: A holds 10 at 4.25 and shares it with B; 2 are ordered as A and 3 as B, so A
     * has 5 reserved and 5 available; C holds 5 at 2; D has nothing.
     */
    static final String SHOP = "product A\nproduct B\nproduct C\nproduct D\nadjust A 10 4.25\nadjust C 5 2\n" +
        "link B A\nreserve 1 A 2\nreserve 2 B 3\n";

    private InventoryFiles()
    {
    }

    static Path write(final Path file, final String content)
    {
        return write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    static Path write(final Path file, final byte[] content)
    {
        try
        {
            Files.createDirectories(file.getParent());
            return Files.write(file, content);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static String read(final Path file)
    {
        try
        {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static CliRun importFile(final Path journal, final Path file, final String... options)
    {
        final String[] args = new String[4 + options.length];
        args[0] = "import";
        args[1] = "--journal";
        args[2] = journal.toString();
        System.arraycopy(options, 0, args, 3, options.length);
        args[args.length - 1] = file.toString();
        return CliRun.run(args);
    }

    /** @return the journal's excerpts: one per command batch, so an import that moves nothing adds none. */
    static long excerpts(final Path journal)
    {
        try (Journal opened = Journal.openForReading(journal))
        {
            return opened.firstIndex() < 0 ? 0 : opened.countExcerpts(opened.firstIndex(), opened.lastIndex() + 1);
        }
    }

    /** @return what a query finds in the state recovered from the journal, as a writer would recover it. */
    static <T> T recovered(final Path journal, final Function<JournaledEngine, T> query)
    {
        try (JournaledEngine opened = JournaledEngine.open(new JournaledEngine.Context().journalDir(journal)))
        {
            return query.apply(opened);
        }
    }

    static List<String> lines(final String text)
    {
        return List.of(text.split("\n"));
    }
}
