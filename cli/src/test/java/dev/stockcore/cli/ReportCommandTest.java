package dev.stockcore.cli;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.stockcore.journal.JournaledEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.stockcore.cli.InventoryFiles.HEADER;
import static dev.stockcore.cli.InventoryFiles.SHOP;
import static dev.stockcore.cli.InventoryFiles.importFile;
import static dev.stockcore.cli.InventoryFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportCommandTest
{
    private static final Pattern JSON_PRODUCT = Pattern.compile("\\{\"sku\": \"([^\"]*)\", \"name\": \"[^\"]*\", " +
        "\"physical\": (\\d+), \"reserved\": (\\d+), \"ordered\": (\\d+), \"available\": (\\d+), " +
        "\"avg_cost\": \"[0-9.]+\", \"value\": \"([0-9.]+)\", \"source\": (null|\"[^\"]*\"), \"consumers\": \\[[^]]*]}");
    private static final Pattern JSON_TOTALS = Pattern.compile("\"totals\": \\{\"products\": (\\d+), " +
        "\"physical\": (\\d+), \"reserved\": (\\d+), \"ordered\": (\\d+), \"available\": (\\d+), " +
        "\"value\": \"([0-9.]+)\"}");

    @TempDir
    Path dir;
    private Path journal;

    /**
     * One row of a report, whatever the format: the columns the totals sum, and the source.
     */
    private record Row(String sku, long physical, long reserved, long ordered, long available, BigDecimal value,
        String source)
    {
    }

    @BeforeEach
    void shop()
    {
        journal = dir.resolve("j");
        CliRun.script(journal, SHOP);
        assertEquals(0, importFile(journal, write(dir.resolve("names.csv"), HEADER +
            "A,Olive oil,10,\nB,Gift box,10,\nC,Wine vinegar,5,\nD,Jar,0,\n")).status());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "table", "csv", "json" })
    void shouldGiveTotalsThatAreTheSumsOverTheProducts(final String format)
    {
        final CliRun run = CliRun.run("report", "--journal", journal.toString(), "--format", format);

        assertEquals(0, run.status(), run::toString);
        assertEquals("", run.err());
        final List<Row> rows = new ArrayList<>();
        final Row total = parse(format, run.out(), rows);
        assertEquals(List.of("A", "B", "C", "D"), rows.stream().map(Row::sku).toList());
        long physical = 0;
        long reserved = 0;
        long ordered = 0;
        long available = 0;
        BigDecimal value = new BigDecimal("0.0000");
        for (final Row row : rows)
        {
            physical += row.physical();
            reserved += row.reserved();
            ordered += row.ordered();
            value = value.add(row.value());
            available += row.source() == null ? row.available() : 0;
        }
        assertEquals(physical, total.physical());
        assertEquals(reserved, total.reserved());
        assertEquals(ordered, total.ordered());
        assertEquals(available, total.available());
        assertEquals(value, total.value());
        assertEquals(new Row("TOTAL", 15, 5, 5, 10, new BigDecimal("52.5000"), null), total);
    }

    @Test
    void shouldShowSourcesConsumersAndNamesInTheTable()
    {
        final CliRun run = CliRun.run("report", "--journal", journal.toString());

        assertEquals(List.of(
            "sku    name          physical  reserved  ordered  available  avg_cost    value  source  consumers",
            "-------------------------------------------------------------------------------------------------",
            "A      Olive oil           10         5        2          5    4.2500  42.5000  -       B",
            "B      Gift box             0         0        3          5    4.2500   0.0000  A       -",
            "C      Wine vinegar         5         0        0          5    2.0000  10.0000  -       -",
            "D      Jar                  0         0        0          0    0.0000   0.0000  -       -",
            "-------------------------------------------------------------------------------------------------",
            "TOTAL  4 products          15         5        5         10            52.5000"), run.outLines());
    }

    @Test
    void shouldListOnlyTheProductsAtOrBelowTheLowMark()
    {
        final CliRun run = CliRun.run("report", "--journal", journal.toString(), "--low", "4", "--format", "csv");

        assertEquals(List.of(
            "sku,name,physical,reserved,ordered,available,avg_cost,value,source,consumers",
            "D,Jar,0,0,0,0,0.0000,0.0000,,",
            "TOTAL,1 products,0,0,0,0,,0.0000,,"), run.outLines(), run::toString);
    }

    @Test
    void shouldCountTheStockOfAConsumerShownAloneOnce()
    {
        final CliRun run = CliRun.run("report", "--journal", journal.toString(), "--sku", "B", "--format", "json");

        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("\"consumers\": []}\n  ],\n  \"totals\": {\"products\": 1, \"physical\": 0, " +
            "\"reserved\": 0, \"ordered\": 3, \"available\": 5, \"value\": \"0.0000\"}\n}\n"), run::toString);
    }

    @Test
    void shouldRefuseAnUnknownSku()
    {
        final CliRun run = CliRun.run("report", "--journal", journal.toString(), "--sku", "a");

        assertEquals(2, run.status(), run::toString);
        assertEquals(List.of("stockcore report: no product a in " + journal + " (SKUs are case-sensitive); without " +
            "--sku the report lists them all"), run.errLines());
        assertEquals("", run.out());
    }

    @Test
    void shouldRefuseAnUnknownFormatAndANegativeLowMark()
    {
        final CliRun format = CliRun.run("report", "--journal", journal.toString(), "--format", "xml");
        final CliRun low = CliRun.run("report", "--journal", journal.toString(), "--low", "-1");

        assertEquals(2, format.status(), format::toString);
        assertTrue(format.err().contains("'xml' is not a format: use table, csv or json"), format::toString);
        assertEquals(2, low.status(), low::toString);
        assertTrue(low.err().startsWith("stockcore report: --low must be 0 or more"), low::toString);
    }

    @Test
    void shouldReportWhileAWriterRuns()
    {
        try (JournaledEngine writer = JournaledEngine.open(new JournaledEngine.Context().journalDir(journal)))
        {
            final CliRun run = CliRun.run("report", "--journal", journal.toString(), "--format", "csv");

            assertEquals(0, run.status(), run::toString);
            assertTrue(run.out().endsWith("TOTAL,4 products,15,5,5,10,,52.5000,,\n"), run::toString);
            assertEquals(4, writer.engine().productCount());
        }
    }

    private static Row parse(final String format, final String out, final List<Row> rows)
    {
        switch (format)
        {
            case "csv":
                return parseCsv(out, rows);
            case "json":
                return parseJson(out, rows);
            default:
                return parseTable(out, rows);
        }
    }

    private static Row parseCsv(final String out, final List<Row> rows)
    {
        Row total = null;
        for (final CsvRecord record : CsvReader.builder().ofCsvRecord(out))
        {
            if (record.getStartingLineNumber() == 1)
            {
                continue;
            }
            final Row row = new Row(record.getField(0), Long.parseLong(record.getField(2)),
                Long.parseLong(record.getField(3)), Long.parseLong(record.getField(4)),
                Long.parseLong(record.getField(5)), new BigDecimal(record.getField(7)),
                record.getField(8).isEmpty() ? null : record.getField(8));
            if ("TOTAL".equals(row.sku()))
            {
                total = row;
            }
            else
            {
                rows.add(row);
            }
        }
        return total;
    }

    private static Row parseJson(final String out, final List<Row> rows)
    {
        final Matcher product = JSON_PRODUCT.matcher(out);
        while (product.find())
        {
            rows.add(new Row(product.group(1), Long.parseLong(product.group(2)), Long.parseLong(product.group(3)),
                Long.parseLong(product.group(4)), Long.parseLong(product.group(5)), new BigDecimal(product.group(6)),
                "null".equals(product.group(7)) ? null : product.group(7).replace("\"", "")));
        }
        final Matcher totals = JSON_TOTALS.matcher(out);
        assertTrue(totals.find(), out);
        assertEquals(rows.size(), Integer.parseInt(totals.group(1)));
        return new Row("TOTAL", Long.parseLong(totals.group(2)), Long.parseLong(totals.group(3)),
            Long.parseLong(totals.group(4)), Long.parseLong(totals.group(5)), new BigDecimal(totals.group(6)), null);
    }

    /** The table's cells are separated by two spaces or more; every product in this shop has a name. */
    private static Row parseTable(final String out, final List<Row> rows)
    {
        Row total = null;
        for (final String line : out.split("\n"))
        {
            if (line.startsWith("sku ") || line.startsWith("---"))
            {
                continue;
            }
            final String[] cells = line.split(" {2,}");
            if ("TOTAL".equals(cells[0]))
            {
                total = new Row("TOTAL", Long.parseLong(cells[2]), Long.parseLong(cells[3]), Long.parseLong(cells[4]),
                    Long.parseLong(cells[5]), new BigDecimal(cells[6]), null);
            }
            else
            {
                rows.add(new Row(cells[0], Long.parseLong(cells[2]), Long.parseLong(cells[3]),
                    Long.parseLong(cells[4]), Long.parseLong(cells[5]), new BigDecimal(cells[7]),
                    "-".equals(cells[8]) ? null : cells[8]));
            }
        }
        return total;
    }
}
