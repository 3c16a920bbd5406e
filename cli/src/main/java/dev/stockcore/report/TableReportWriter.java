package dev.stockcore.report;

import dev.stockcore.inventory.InventoryNumbers;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The report as a table for a terminal: the column names, a rule, one line per product with numbers aligned
 * right, a rule and the TOTAL line. Line breaks in names become spaces; names and consumer lists longer than
 * {@value #WIDE} characters are cut (the CSV and JSON formats give them whole).
 */
final class TableReportWriter
{
    static final int WIDE = 32;
    private static final String GAP = "  ";
    private static final boolean[] RIGHT = { false, false, true, true, true, true, true, true, false, false };

    private TableReportWriter()
    {
    }

    static void write(final StockReport report, final Writer out) throws IOException
    {
        final int columns = ReportFormat.COLUMNS.size();
        final int[] widths = new int[columns];
        fit(widths, ReportFormat.COLUMNS.toArray(new String[0]));
        for (int row = 0; row < report.size(); row++)
        {
            fit(widths, cells(report, row));
        }
        final String[] total = totalCells(report.totals());
        fit(widths, total);
        final StringBuilder line = new StringBuilder(256);
        out.append(line(line, widths, ReportFormat.COLUMNS.toArray(new String[0])));
        out.append(rule(line, widths));
        for (int row = 0; row < report.size(); row++)
        {
            out.append(line(line, widths, cells(report, row)));
        }
        out.append(rule(line, widths));
        out.append(line(line, widths, total));
        out.flush();
    }

    private static String[] cells(final StockReport report, final int row)
    {
        final String source = report.source(row);
        return new String[] {
            report.sku(row),
            cut(report.name(row).replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ')),
            Long.toString(report.physical(row)),
            Long.toString(report.reservedHeld(row)),
            Long.toString(report.ordered(row)),
            Long.toString(report.available(row)),
            InventoryNumbers.formatCost(report.averageCost(row)),
            report.value(row).toPlainString(),
            source == null ? "-" : source,
            consumers(report.consumers(row)) };
    }

    private static String[] totalCells(final StockReport.Totals totals)
    {
        return new String[] {
            "TOTAL",
            totals.products() + " products",
            Long.toString(totals.physical()),
            Long.toString(totals.reservedHeld()),
            Long.toString(totals.ordered()),
            Long.toString(totals.available()),
            "",
            totals.value().toPlainString(),
            "",
            "" };
    }

    private static void fit(final int[] widths, final String[] cells)
    {
        for (int i = 0; i < cells.length; i++)
        {
            widths[i] = Math.max(widths[i], cells[i].length());
        }
    }

    private static String line(final StringBuilder line, final int[] widths, final String[] cells)
    {
        line.setLength(0);
        for (int i = 0; i < cells.length; i++)
        {
            if (i > 0)
            {
                line.append(GAP);
            }
            final int pad = widths[i] - cells[i].length();
            if (RIGHT[i])
            {
                line.append(" ".repeat(pad)).append(cells[i]);
            }
            else
            {
                line.append(cells[i]);
                if (i < cells.length - 1)
                {
                    line.append(" ".repeat(pad));
                }
            }
        }
        while (line.length() > 0 && line.charAt(line.length() - 1) == ' ')
        {
            line.setLength(line.length() - 1);
        }
        return line.append('\n').toString();
    }

    private static String rule(final StringBuilder line, final int[] widths)
    {
        line.setLength(0);
        int length = 0;
        for (final int width : widths)
        {
            length += width;
        }
        return line.append("-".repeat(length + GAP.length() * (widths.length - 1))).append('\n').toString();
    }

    private static String cut(final String text)
    {
        return text.length() <= WIDE ? text : text.substring(0, WIDE - 3) + "...";
    }

    private static String consumers(final List<String> skus)
    {
        if (skus.isEmpty())
        {
            return "-";
        }
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < skus.size(); i++)
        {
            final String more = " +" + (skus.size() - i);
            final int needed = (out.length() > 0 ? 1 : 0) + skus.get(i).length();
            final boolean last = i == skus.size() - 1;
            if (out.length() > 0 && out.length() + needed + (last ? 0 : more.length()) > WIDE)
            {
                return out.append(more).toString();
            }
            out.append(out.length() > 0 ? " " : "").append(skus.get(i));
        }
        return out.toString();
    }
}
