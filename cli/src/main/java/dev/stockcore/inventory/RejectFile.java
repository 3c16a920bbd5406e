package dev.stockcore.inventory;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The reject file of an import with bad rows skipped: the inventory file's header plus a {@code reason}
 * column, and each bad row as it was read with every problem found in it. To import the rows once corrected,
 * delete the reason column: the import refuses the five-column header, so a reject file is never imported
 * as it is by mistake.
 */
public final class RejectFile
{
    private static final String EXTENSION = ".csv";

    private RejectFile()
    {
    }

    /**
     * The default reject file of an import: {@code stock.csv} gives {@code stock.rejects.csv} beside it.
     *
     * @param importFile the file imported.
     * @return the reject file.
     */
    public static Path defaultFor(final Path importFile)
    {
        final String name = importFile.getFileName().toString();
        final String base = name.toLowerCase(Locale.ROOT).endsWith(EXTENSION) ?
            name.substring(0, name.length() - EXTENSION.length()) : name;
        return importFile.resolveSibling(base + ".rejects" + EXTENSION);
    }

    /**
     * Writes the reject file, replacing any file of that name.
     *
     * @param file the reject file.
     * @param rows the bad rows.
     * @throws UncheckedIOException if it cannot be written; the message says which file and what to do.
     */
    public static void write(final Path file, final Collection<ImportPlan.BadRow> rows)
    {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out))
        {
            csv.writeRecord(InventoryFormat.REJECT_HEADER);
            for (final ImportPlan.BadRow row : rows)
            {
                final List<String> fields = new ArrayList<>(row.fields());
                fields.add(row.reasons());
                csv.writeRecord(fields);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the reject file " + file + ": " + ex + "; nothing was " +
                "imported; pass --reject-file with a path that can be written", ex);
        }
    }
}
