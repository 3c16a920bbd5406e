package dev.stockcore.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * How a {@link StockReport} is written. The columns are the same in every format, in this order:
 * {@code sku, name, physical, reserved, ordered, available, avg_cost, value, source, consumers}; costs and
 * values are decimals with 4 places.
 */
public enum ReportFormat
{
    /** Aligned columns for a terminal, long names and consumer lists cut, and a TOTAL line. */
    TABLE
    {
        @Override
        public void write(final StockReport report, final Writer out) throws IOException
        {
            TableReportWriter.write(report, out);
        }
    },
    /** CSV (RFC 4180), consumers separated by spaces, and a TOTAL row. */
    CSV
    {
        @Override
        public void write(final StockReport report, final Writer out) throws IOException
        {
            CsvReportWriter.write(report, out);
        }
    },
    /** One JSON object: {@code products}, an array of objects, and {@code totals}; decimals as strings. */
    JSON
    {
        @Override
        public void write(final StockReport report, final Writer out) throws IOException
        {
            JsonReportWriter.write(report, out);
        }
    };

    /** The column names, as every format spells them. */
    public static final List<String> COLUMNS = List.of(
        "sku", "name", "physical", "reserved", "ordered", "available", "avg_cost", "value", "source", "consumers");

    /**
     * Writes the report.
     *
     * @param report the report.
     * @param out    where it goes; flushed, not closed.
     * @throws IOException if {@code out} fails.
     */
    public abstract void write(StockReport report, Writer out) throws IOException;

    /** @return the name an operator types: {@code table}, {@code csv}, {@code json}. */
    public String optionName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name {@code table}, {@code csv} or {@code json}.
     * @return the format, or null if there is none of that name.
     */
    public static ReportFormat fromOptionName(final String name)
    {
        for (final ReportFormat format : values())
        {
            if (format.optionName().equals(name))
            {
                return format;
            }
        }
        return null;
    }
}
