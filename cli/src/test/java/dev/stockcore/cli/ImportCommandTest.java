package dev.stockcore.cli;

import dev.stockcore.engine.StockEngine;
import dev.stockcore.journal.JournalDescriptor;
import dev.stockcore.journal.JournaledEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.stockcore.cli.InventoryFiles.HEADER;
import static dev.stockcore.cli.InventoryFiles.SHOP;
import static dev.stockcore.cli.InventoryFiles.excerpts;
import static dev.stockcore.cli.InventoryFiles.importFile;
import static dev.stockcore.cli.InventoryFiles.read;
import static dev.stockcore.cli.InventoryFiles.recovered;
import static dev.stockcore.cli.InventoryFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportCommandTest
{
    private static final int ROWS = 10_000;
    private static final int[] BAD_LINES = { 2, 57, 1_000, 2_345, 4_000, 5_001, 6_789, 8_000, 9_999, 10_001 };

    @TempDir
    Path dir;

    @Test
    void shouldRegisterCountAndNameTheItemsOfAFreshFile()
    {
        final Path journal = dir.resolve("j");
        final Path file = write(dir.resolve("stock.csv"), HEADER + "A,Olive oil,10,4.25\nB,,0,\nC,Vinegar,3,\n");

        final CliRun run = importFile(journal, file);

        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().startsWith("imported " + file + ": rows=3 applied=3 rejected=0 added=3 counted=2 " +
            "unchanged=1 consumers=0 names=2 movements=5 time_ms="), run::toString);
        assertEquals("", run.err());
        assertEquals(HEADER + "A,Olive oil,10,4.2500\nB,,0,0.0000\nC,Vinegar,3,0.0000\n", export(journal));
    }

    @Test
    void shouldChangeNothingWhenItsOwnExportIsImportedAgain()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SHOP);
        final Path first = write(dir.resolve("first.csv"), HEADER + "A,\"Olive oil, 1 l\",12,5\n" +
            "B,\"Gift box \"\"Tuscany\"\"\",10,\nC,\"Käse\n\",5,\nE,New,7,1.5\n");
        assertEquals(0, importFile(journal, first).status());
        final Path exported = dir.resolve("exported.csv");
        assertEquals(0, CliRun.run("export", "--journal", journal.toString(), exported.toString()).status());
        final long excerptsBefore = excerpts(journal);

        final CliRun again = importFile(journal, exported);

        assertEquals(0, again.status(), again::toString);
        assertTrue(again.out().contains(" rows=5 applied=5 rejected=0 added=0 counted=0 unchanged=4 consumers=1 " +
            "names=0 movements=0 "), again::toString);
        assertEquals("", again.err());
        assertEquals(excerptsBefore, excerpts(journal));
        assertEquals(read(exported), export(journal));
    }

    @Test
    void shouldReadAByteOrderMarkAndCrlfLineEnds()
    {
        final Path journal = dir.resolve("j");
        final Path file = write(dir.resolve("bom.csv"),
            "\uFEFFitem_no,name,quantity,cost_price\r\nA,Oil,4,1\r\nB,\"two\r\nlines\",2,\r\n");

        final CliRun run = importFile(journal, file);

        assertEquals(0, run.status(), run::toString);
        assertEquals(HEADER + "A,Oil,4,1.0000\nB,\"two\r\nlines\",2,0.0000\n", export(journal));
    }

    @Test
    void shouldKeepCommasQuotesLineBreaksAndUtf8InNames()
    {
        final Path journal = dir.resolve("j");
        final String awkward = "Gift box \"Tuscany\", 3 x 1 l\nJürgen’s 🫒 oil";
        final Path file = write(dir.resolve("names.csv"), HEADER + "A,\"" + awkward.replace("\"", "\"\"") + "\",1,\n");

        assertEquals(0, importFile(journal, file).status());

        final CliRun report = CliRun.run("report", "--journal", journal.toString(), "--format", "json");
        assertTrue(report.out().contains("\"name\": \"Gift box \\\"Tuscany\\\", 3 x 1 l\\nJürgen’s 🫒 oil\""),
            report::toString);
        assertEquals(HEADER + "A,\"" + awkward.replace("\"", "\"\"") + "\",1,0.0000\n", export(journal));
    }

    @Test
    void shouldRefuseAnEmptyFile()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SHOP);
        final Path file = write(dir.resolve("empty.csv"), "");

        final CliRun run = importFile(journal, file);

        assertEquals(1, run.status(), run::toString);
        assertEquals(List.of("stockcore import: " + file + " is empty: an inventory file starts with the header line " +
            "item_no,name,quantity,cost_price; nothing imported"), run.errLines());
        assertEquals("", run.out());
    }

    @Test
    void shouldDoNothingForAFileWithOnlyTheHeader()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SHOP);
        final long before = excerpts(journal);
        final Path file = write(dir.resolve("header.csv"), HEADER);

        final CliRun run = importFile(journal, file);

        assertEquals(0, run.status(), run::toString);
        assertEquals(List.of("stockcore import: " + file + " has the header and no rows: nothing to import"),
            run.errLines());
        assertEquals(before, excerpts(journal));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "item_no,name,qty,cost_price              | unknown column 'qty'; missing column quantity",
        "item_no,name,quantity                    | missing column cost_price",
        "name,item_no,quantity,cost_price         | the columns are in another order",
        "item_no,name,quantity,cost_price,note    | unknown column 'note'; make",
        "item_no,name,quantity,quantity,cost_price | a column appears twice",
        "Item_No,name,quantity,cost_price         | unknown column 'Item_No'; missing column item_no" })
    void shouldRefuseAWrongHeaderNamingTheColumns(final String header, final String problem)
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SHOP);
        final long before = excerpts(journal);
        final Path file = write(dir.resolve("header.csv"), header + "\nA,x,1,1\n");

        final CliRun run = importFile(journal, file);

        assertEquals(1, run.status(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("stockcore import: line 1: the header is not item_no,name,quantity," +
            "cost_price (exactly, in this order): " + problem), run::toString);
        assertTrue(run.err().endsWith("make the first line item_no,name,quantity,cost_price; nothing imported\n"),
            run::toString);
        assertEquals(before, excerpts(journal));
    }

    @Test
    void shouldRefuseAFileThatIsNotUtf8()
    {
        final Path journal = dir.resolve("j");
        final byte[] latin1 = (HEADER + "A,K\u00e4se,1,\n").getBytes(StandardCharsets.ISO_8859_1);
        final Path file = write(dir.resolve("latin1.csv"), latin1);

        final CliRun run = importFile(journal, file);

        assertEquals(1, run.status(), run::toString);
        assertTrue(run.err().startsWith("stockcore import: " + file + " is not UTF-8 text"), run::toString);
        assertTrue(run.err().contains("save it as UTF-8"), run::toString);
    }

    @Test
    void shouldReportEveryBadRowWithItsLineAndApplyNothing()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SHOP);
        final long before = excerpts(journal);
        final Path file = write(dir.resolve("big.csv"), tenThousandRowsWithTenBad());

        final CliRun run = importFile(journal, file);

        assertEquals(1, run.status(), run::toString);
        assertEquals("", run.out());
        final List<String> errors = run.errLines();
        assertEquals(BAD_LINES.length + 1, errors.size(), run::toString);
        for (int i = 0; i < BAD_LINES.length; i++)
        {
            assertTrue(errors.get(i).startsWith("stockcore import: line " + BAD_LINES[i] + ", ") ||
                errors.get(i).startsWith("stockcore import: line " + BAD_LINES[i] + ": "), errors.get(i));
        }
        assertEquals("stockcore import: 10 bad row(s) of 10,000 in " + file + ": nothing imported; fix them and import " +
            "again, or pass --skip-bad-rows to import the other 9,990 row(s) and write the bad ones to " +
            dir.resolve("big.rejects.csv"), errors.get(BAD_LINES.length));
        assertEquals(before, excerpts(journal));
        assertEquals(4, (int)recovered(journal, opened -> opened.engine().productCount()));
        assertFalse(Files.exists(dir.resolve("big.rejects.csv")));
    }

    @Test
    void shouldApplyTheGoodRowsAndWriteTheBadOnesToTheRejectFile()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SHOP);
        final Path file = write(dir.resolve("big.csv"), tenThousandRowsWithTenBad());

        final CliRun run = importFile(journal, file, "--skip-bad-rows");

        assertEquals(1, run.status(), run::toString);
        assertTrue(run.out().contains(" rows=10000 applied=9990 rejected=10 added=9990 "), run::toString);
        assertTrue(run.err().endsWith("stockcore import: 10 bad row(s) skipped and written to " +
            dir.resolve("big.rejects.csv") + "; fix them there and import that file (its reason column is not read)\n"),
            run::toString);
        assertEquals(4 + 9_990, (int)recovered(journal, opened -> opened.engine().productCount()));
        final List<String> rejects = InventoryFiles.lines(read(dir.resolve("big.rejects.csv")));
        assertEquals(11, rejects.size(), rejects::toString);
        assertEquals("item_no,name,quantity,cost_price,reason", rejects.get(0));
        for (int i = 0; i < BAD_LINES.length; i++)
        {
            assertTrue(rejects.get(i + 1).contains("line " + BAD_LINES[i]), rejects.get(i + 1));
        }
        assertTrue(rejects.get(1).startsWith("N2,name 2,-1,1.5,\"line 2, quantity: '-1' is negative"),
            rejects.get(1));
    }

    @Test
    void shouldWriteTheRejectFileWhereItIsAsked()
    {
        final Path journal = dir.resolve("j");
        final Path file = write(dir.resolve("stock.csv"), HEADER + "A,,1,\nB,,x,\n");
        final Path rejects = dir.resolve("bad.csv");

        final CliRun run = importFile(journal, file, "--skip-bad-rows", "--reject-file", rejects.toString());

        assertEquals(1, run.status(), run::toString);
        assertEquals("item_no,name,quantity,cost_price,reason\nB,,x,,\"line 3, quantity: 'x' is not a number; give " +
            "a whole number 0 or more, digits only\"\n", read(rejects));
        assertEquals(HEADER + "A,,1,0.0000\n", export(journal));
    }

    @Test
    void shouldRefuseARejectFileWithoutSkippingBadRows()
    {
        final Path file = write(dir.resolve("stock.csv"), HEADER + "A,,1,\n");

        final CliRun run = importFile(dir.resolve("j"), file, "--reject-file", dir.resolve("r.csv").toString());

        assertEquals(2, run.status(), run::toString);
        assertTrue(run.err().startsWith("stockcore import: --reject-file needs --skip-bad-rows"), run::toString);
        assertFalse(Files.exists(dir.resolve("j")));
    }

    @Test
    void shouldRejectEveryRowOfAnItemGivenTwice()
    {
        final Path journal = dir.resolve("j");
        final Path file = write(dir.resolve("twice.csv"), HEADER + "A,,1,\nB,,2,\nA,,3,\n");

        final CliRun run = importFile(journal, file, "--skip-bad-rows");

        assertEquals(List.of(
            "stockcore import: line 2, item_no: A is also on line 4; give each item one row",
            "stockcore import: line 4, item_no: A is also on line 2; give each item one row"),
            run.errLines().subList(0, 2), run::toString);
        assertEquals(HEADER + "B,,2,0.0000\n", export(journal));
    }

    @Test
    void shouldNeverCountAConsumersRowAndTakeTheNoteOffItsName()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SHOP);
        final long before = excerpts(journal);
        final Path file = write(dir.resolve("consumer.csv"), HEADER + "B,Gift box [shares stock of A],10,9.99\n");

        final CliRun run = importFile(journal, file);

        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains(" consumers=1 names=1 movements=0 "), run::toString);
        assertEquals(before, excerpts(journal));
        assertTrue(export(journal).contains("\nB,Gift box [shares stock of A],10,4.2500\n"));
        assertTrue(CliRun.run("report", "--journal", journal.toString(), "--sku", "B", "--format", "csv").out()
            .contains("\nB,Gift box,0,0,3,5,4.2500,0.0000,A,\n"));
    }

    @Test
    void shouldRefuseAConsumersRowThatWouldCountItsStock()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SHOP);
        final Path file = write(dir.resolve("consumer.csv"), HEADER + "B,Gift box,15,\n");

        final CliRun run = importFile(journal, file);

        assertEquals(1, run.status(), run::toString);
        assertEquals("stockcore import: line 2, quantity: B shares the stock of A (it has none of its own), so its " +
            "row cannot count it: its quantity must be A's, 10; count A's row instead", run.errLines().get(0));
        assertEquals(10L, (long)recovered(journal, opened -> opened.engine().physical(0)));
    }

    @Test
    void shouldAcceptAConsumersRowThatFollowsItsSourcesNewCount()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SHOP);
        final Path file = write(dir.resolve("consumer.csv"), HEADER + "B,,15,\nA,,15,\n");

        final CliRun run = importFile(journal, file);

        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains(" counted=1 unchanged=0 consumers=1 names=0 movements=1 "), run::toString);
        assertEquals(15L, (long)recovered(journal, opened -> opened.engine().physical(0)));
    }

    @Test
    void shouldRefuseACountBelowWhatOpenOrdersReserve()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SHOP);
        final Path file = write(dir.resolve("low.csv"), HEADER + "A,,4,\n");

        final CliRun run = importFile(journal, file);

        assertEquals(1, run.status(), run::toString);
        assertEquals("stockcore import: line 2, quantity: 4 is below the 5 reserved by open orders on A; count at " +
            "least 5, or commit or release those orders first", run.errLines().get(0));
    }

    @Test
    void shouldReportEveryProblemOfARow()
    {
        final Path journal = dir.resolve("j");
        final Path file = write(dir.resolve("bad.csv"), HEADER + "A B,,2.5,1.23456\nC,,1\n");

        final CliRun run = importFile(journal, file);

        assertEquals(List.of(
            "stockcore import: line 2, item_no: 'A B' is not a valid item number: 1 to 64 characters of A-Z a-z 0-9 . _ -",
            "stockcore import: line 2, quantity: '2.5' is not a whole number; count whole pieces",
            "stockcore import: line 2, cost_price: '1.23456' has more than 4 decimals; round it to 4",
            "stockcore import: line 3: 3 fields, expected 4 (item_no,name,quantity,cost_price)"),
            run.errLines().subList(0, 4), run::toString);
    }

    @Test
    void shouldSayWhereAQuoteIsLeftOpen()
    {
        final Path journal = dir.resolve("j");
        final Path file = write(dir.resolve("open.csv"), HEADER + "A,\"Oil,1,\nB,Box,2,\nC,Jar,3,\n");

        final CliRun run = importFile(journal, file);

        assertEquals(1, run.status(), run::toString);
        assertTrue(run.errLines().get(0).startsWith("stockcore import: line 2: 2 fields, expected 4 " +
            "(item_no,name,quantity,cost_price); the row runs on to line 5: is a quote (\") left open?"), run::toString);
    }

    @Test
    void shouldRefuseMalformedQuotingAsAWholeEvenWhenSkippingBadRows()
    {
        final Path journal = dir.resolve("j");
        final Path file = write(dir.resolve("quote.csv"), HEADER + "A,x,1,\nB,\"Gift box \"Tuscany,2,\n");

        final CliRun run = importFile(journal, file, "--skip-bad-rows");

        assertEquals(1, run.status(), run::toString);
        assertEquals(List.of("stockcore import: line 3: the CSV is malformed (Unexpected character after closing " +
            "quote: 'T' (0x54)); a field holding a quote must be quoted as a whole, with the quote doubled: " +
            "\"Gift box \"\"Tuscany\"\"\"; nothing imported"), run.errLines());
        assertFalse(Files.exists(journal), "an import that applied nothing created the journal");
    }

    @Test
    void shouldWarnWhenACostCannotPriceAnything()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SHOP);
        final Path file = write(dir.resolve("cost.csv"), HEADER + "A,,10,9\nC,,6,3\nD,,0,1\n");

        final CliRun run = importFile(journal, file);

        assertEquals(0, run.status(), run::toString);
        assertEquals(List.of("stockcore import: warning: the cost_price of 2 row(s) is not used (lines 2, 4): a cost " +
            "prices the pieces a count adds, and these rows add none (the quantity does not go up, or the product is " +
            "virtual); the average cost stays as it is"), run.errLines());
        assertTrue(export(journal).contains("\nC,,6,2.1667\n"), () -> export(journal));
    }

    @Test
    void shouldKeepNamesThroughRecoveryAPruneAndAVerify()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SHOP);
        assertEquals(0, importFile(journal, write(dir.resolve("n.csv"), HEADER + "A,Olive oil,10,\nC,Vinegar,5,\n"))
            .status());
        CliRun.script(journal, "product F\nadjust F 1\n");
        assertEquals(0, CliRun.run("snapshot", "--journal", journal.toString()).status());

        final CliRun prune = CliRun.run("prune", "--journal", journal.toString());
        final CliRun verify = CliRun.run("verify", "--journal", journal.toString());

        assertEquals(0, prune.status(), prune::toString);
        assertFalse(prune.out().contains(JournalDescriptor.NAMES_FILE), prune::toString);
        assertTrue(Files.exists(journal.resolve(JournalDescriptor.NAMES_FILE)));
        assertEquals(0, verify.status(), verify::toString);
        assertEquals(HEADER + "A,Olive oil,10,4.2500\nB,[shares stock of A],10,4.2500\nC,Vinegar,5,2.0000\n" +
            "D,,0,0.0000\nF,,1,0.0000\n", export(journal));
    }

    @Test
    void shouldIgnoreATornNamesTailAndRepairItAtTheNextImport() throws Exception
    {
        final Path journal = dir.resolve("j");
        final Path file = write(dir.resolve("n.csv"), HEADER + "A,Olive oil,1,\nB,Vinegar,2,\n");
        assertEquals(0, importFile(journal, file).status());
        final Path names = journal.resolve(JournalDescriptor.NAMES_FILE);
        Files.write(names, java.util.Arrays.copyOf(Files.readAllBytes(names), (int)Files.size(names) - 2));

        final CliRun torn = CliRun.run("export", "--journal", journal.toString(), "-");
        final CliRun repair = importFile(journal, file);

        assertEquals(0, torn.status(), torn::toString);
        assertEquals(HEADER + "A,Olive oil,1,0.0000\nB,,2,0.0000\n", torn.out());
        assertTrue(torn.err().startsWith("stockcore export: warning: ignored the last "), torn::toString);
        assertEquals(0, repair.status(), repair::toString);
        assertTrue(repair.err().contains("warning: cut off the last "), repair::toString);
        assertTrue(repair.out().contains(" names=1 movements=0 "), repair::toString);
        final CliRun after = CliRun.run("export", "--journal", journal.toString(), "-");
        assertEquals(HEADER + "A,Olive oil,1,0.0000\nB,Vinegar,2,0.0000\n", after.out());
        assertEquals("", after.err());
    }

    @Test
    void shouldRefuseWhileAWriterRuns()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SHOP);
        final Path file = write(dir.resolve("n.csv"), HEADER + "A,,11,\n");
        try (JournaledEngine writer = JournaledEngine.open(new JournaledEngine.Context().journalDir(journal)))
        {
            final CliRun run = importFile(journal, file);

            assertEquals(2, run.status(), run::toString);
            assertTrue(run.err().startsWith("stockcore import: journal " + journal + " is already open for writing"),
                run::toString);
            final StockEngine engine = writer.engine();
            assertEquals(10, engine.physical(0));
        }
    }

    @Test
    void shouldSayWhenTheFileIsMissing()
    {
        final CliRun run = importFile(dir.resolve("j"), dir.resolve("nope.csv"));

        assertEquals(2, run.status(), run::toString);
        assertEquals(List.of("stockcore import: no such file: " + dir.resolve("nope.csv") + "; give the path of the " +
            "inventory CSV file"), run.errLines());
        assertFalse(Files.exists(dir.resolve("j")));
    }

    /**
     * 10,000 new items N2..N10001 (the row on line L is item N&lt;L&gt;), ten of them bad, one problem each, on
     * {@link #BAD_LINES}.
     */
    private static String tenThousandRowsWithTenBad()
    {
        final List<String> bad = new ArrayList<>(List.of(
            "N2,name 2,-1,1.5",
            "N57,name 57,abc,",
            "N1000,name 1000,5,1.23456",
            "N 2345,name,5,",
            "N4000,name 4000,5",
            "N5001,name 5001,5,-2",
            "N6789,name 6789,5,1;5",
            "N8000,name 8000,1.5,",
            "N9999,name 9999,2000000000000,",
            "N10001,name 10001,,"));
        final StringBuilder csv = new StringBuilder(HEADER);
        int next = 0;
        for (int line = 2; line < ROWS + 2; line++)
        {
            if (next < BAD_LINES.length && BAD_LINES[next] == line)
            {
                csv.append(bad.get(next++)).append('\n');
            }
            else
            {
                csv.append('N').append(line).append(",\"name ").append(line).append(", ok\",").append(line % 50)
                    .append(",").append(line % 7).append(".25\n");
            }
        }
        return csv.toString();
    }

    private static String export(final Path journal)
    {
        final CliRun run = CliRun.run("export", "--journal", journal.toString(), "-");
        assertEquals(0, run.status(), run::toString);
        return run.out();
    }
}
