package dev.stockcore.inventory;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.stockcore.engine.StockEngine;
import dev.stockcore.journal.Recovery;
import dev.stockcore.journal.catalogue.ProductCatalogue;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes every product of an engine as an inventory file ({@link InventoryFormat}), in product index order
 * (the order they were registered): the physical quantity and average cost of a product that holds its own
 * stock; for a consumer, its source's quantity and average cost and its name followed by the note naming the
 * source. Importing the result changes nothing.
 */
public final class InventoryExporter
{
    private static final int PROGRESS_EVERY_ROWS = 1 << 16;

    private InventoryExporter()
    {
    }

    /**
     * What an export wrote.
     *
     * @param products  rows written, one per product.
     * @param consumers of them, rows of consumers (virtual products).
     */
    public record Exported(long products, long consumers)
    {
    }

    /**
     * Writes the file, header first; lines end with LF. Flushes {@code out} but does not close it.
     *
     * @param engine    the state to export.
     * @param catalogue the products' names.
     * @param out       where the CSV goes (UTF-8 is the caller's choice of encoding).
     * @param progress  told every 65,536 rows (rows done, rows in all, rows done, nanoseconds).
     * @return what was written.
     * @throws IOException if {@code out} fails.
     */
    public static Exported write(final StockEngine engine, final ProductCatalogue catalogue, final Writer out,
        final Recovery.Progress progress) throws IOException
    {
        final long start = System.nanoTime();
        final int products = engine.productCount();
        final CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out);
        csv.writeRecord(InventoryFormat.HEADER);
        long consumers = 0;
        for (int p = 0; p < products; p++)
        {
            final int source = engine.source(p);
            final String name = catalogue.name(p);
            if (source >= 0)
            {
                consumers++;
                csv.writeRecord(engine.sku(p), InventoryFormat.consumerName(name, engine.sku(source)),
                    Long.toString(engine.physical(source)), InventoryNumbers.formatCost(engine.averageCost(source)));
            }
            else
            {
                csv.writeRecord(engine.sku(p), name == null ? "" : name, Long.toString(engine.physical(p)),
                    InventoryNumbers.formatCost(engine.averageCost(p)));
            }
            if ((p & (PROGRESS_EVERY_ROWS - 1)) == PROGRESS_EVERY_ROWS - 1)
            {
                progress.onProgress(p + 1, products, p + 1, System.nanoTime() - start);
            }
        }
        csv.flush();
        return new Exported(products, consumers);
    }
}
