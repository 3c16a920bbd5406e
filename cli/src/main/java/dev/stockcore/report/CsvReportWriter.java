package dev.stockcore.report;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.stockcore.inventory.InventoryNumbers;

import java.io.IOException;
import java.io.Writer;

/**
 * The report as CSV: the column names, one row per product, then a row whose sku is {@code TOTAL} and whose
 * name is the number of products, with the totals (no average cost, no source or consumers).
 */
final class CsvReportWriter
{
    private CsvReportWriter()
    {
    }

    static void write(final StockReport report, final Writer out) throws IOException
    {
        final CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out);
        csv.writeRecord(ReportFormat.COLUMNS);
        for (int row = 0; row < report.size(); row++)
        {
            final String source = report.source(row);
            csv.writeRecord(report.sku(row), report.name(row), Long.toString(report.physical(row)),
                Long.toString(report.reservedHeld(row)), Long.toString(report.ordered(row)),
                Long.toString(report.available(row)), InventoryNumbers.formatCost(report.averageCost(row)),
                report.value(row).toPlainString(), source == null ? "" : source,
                String.join(" ", report.consumers(row)));
        }
        final StockReport.Totals totals = report.totals();
        csv.writeRecord("TOTAL", totals.products() + " products", Long.toString(totals.physical()),
            Long.toString(totals.reservedHeld()), Long.toString(totals.ordered()), Long.toString(totals.available()),
            "", totals.value().toPlainString(), "", "");
        csv.flush();
    }
}
