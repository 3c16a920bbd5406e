package dev.stockcore.report;

import dev.stockcore.inventory.InventoryNumbers;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The report as one JSON object, one product per line:
 * <pre>
 * {
 *   "products": [
 *     {"sku": "A", "name": "Olive oil", "physical": 10, "reserved": 3, "ordered": 1, "available": 7,
 *      "avg_cost": "4.2500", "value": "42.5000", "source": null, "consumers": ["B"]}
 *   ],
 *   "totals": {"products": 1, "physical": 10, "reserved": 3, "ordered": 1, "available": 7, "value": "42.5000"}
 * }
 * </pre>
 * Quantities are numbers; costs and values are strings holding a decimal with 4 places, so that no reader
 * rounds them through a binary floating point number.
 */
final class JsonReportWriter
{
    private JsonReportWriter()
    {
    }

    static void write(final StockReport report, final Writer out) throws IOException
    {
        final StringBuilder line = new StringBuilder(256);
        out.write("{\n  \"products\": [");
        for (int row = 0; row < report.size(); row++)
        {
            line.setLength(0);
            line.append(row == 0 ? "\n    {" : ",\n    {");
            field(line, "sku").append(string(report.sku(row)));
            field(line.append(", "), "name").append(string(report.name(row)));
            field(line.append(", "), "physical").append(report.physical(row));
            field(line.append(", "), "reserved").append(report.reservedHeld(row));
            field(line.append(", "), "ordered").append(report.ordered(row));
            field(line.append(", "), "available").append(report.available(row));
            field(line.append(", "), "avg_cost").append('"');
            InventoryNumbers.appendCost(report.averageCost(row), line).append('"');
            field(line.append(", "), "value").append('"').append(report.value(row).toPlainString()).append('"');
            final String source = report.source(row);
            field(line.append(", "), "source").append(source == null ? "null" : string(source));
            field(line.append(", "), "consumers").append(array(report.consumers(row))).append('}');
            out.append(line);
        }
        out.write(report.size() == 0 ? "],\n" : "\n  ],\n");
        final StockReport.Totals totals = report.totals();
        line.setLength(0);
        line.append("  \"totals\": {");
        field(line, "products").append(totals.products());
        field(line.append(", "), "physical").append(totals.physical());
        field(line.append(", "), "reserved").append(totals.reservedHeld());
        field(line.append(", "), "ordered").append(totals.ordered());
        field(line.append(", "), "available").append(totals.available());
        field(line.append(", "), "value").append('"').append(totals.value().toPlainString()).append("\"}\n}\n");
        out.append(line);
        out.flush();
    }

    private static StringBuilder field(final StringBuilder line, final String name)
    {
        return line.append('"').append(name).append("\": ");
    }

    private static String array(final List<String> values)
    {
        final StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++)
        {
            out.append(i == 0 ? "" : ", ").append(string(values.get(i)));
        }
        return out.append(']').toString();
    }

    /** A JSON string: quotes, backslashes and control characters escaped. */
    static String string(final String value)
    {
        return JsonText.appendQuoted(new StringBuilder(value.length() + 2), value).toString();
    }
}
