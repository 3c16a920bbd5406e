package dev.stockcore.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * What an import accepts at its edges: names are printable text (a control character is a bad row, named by
 * line and column), a reject file imports as it is once its rows are fixed, and an import that applies nothing
 * creates no journal.
 */
class ImportInputLimitTest
{
    @TempDir
    Path dir;

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = { 0x00, 0x01, 0x08, 0x0B, 0x1B, 0x1F, 0x7F, 0x85, 0x9F })
    void shouldRejectAControlCharacterInANameWithItsLineAndColumn(final int control)
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SHOP);
        final long before = excerpts(journal);
        final Path file = write(dir.resolve("names.csv"),
            HEADER + "A,Olive oil,10,\nC,\"Can" + (char)control + "dles\",5,\n");

        final CliRun run = importFile(journal, file);

        assertEquals(1, run.status(), run::toString);
        assertEquals(String.format("stockcore import: line 3, name: control character U+%04X at character 4 of the " +
            "name; a name is printable text (line breaks and tabs allowed): remove it", control), run.errLines().get(0), run::toString);
        assertEquals(before, excerpts(journal), "a bad row was applied");
    }

    @Test
    void shouldImportTheRejectFileOnceItsRowsAreFixed()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SHOP);
        final Path file = write(dir.resolve("stock.csv"), HEADER + "A,,12,\nC,Candles,-4,\nD,Lamp,3,\n");
        final CliRun first = importFile(journal, file, "--skip-bad-rows");
        assertEquals(1, first.status(), first::toString);
        final Path rejects = dir.resolve("stock.rejects.csv");
        final String rejected = read(rejects);
        assertTrue(rejected.startsWith("item_no,name,quantity,cost_price,reason\nC,Candles,-4,,"), rejected);

        write(rejects, rejected.replace("C,Candles,-4,", "C,Candles,4,"));
        final CliRun again = importFile(journal, rejects);

        assertEquals(0, again.status(), again::toString);
        assertTrue(again.out().contains(" rows=1 applied=1 rejected=0 "), again::toString);
        assertEquals(4L, (long)recovered(journal, opened -> opened.engine().physical(opened.engine().productIndex("C"))));
    }

    @Test
    void shouldReportARejectFileRowThatIsStillBad()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SHOP);
        final Path rejects = write(dir.resolve("stock.rejects.csv"),
            "item_no,name,quantity,cost_price,reason\nC,Candles,-4,,\"line 3, quantity: negative\"\n");

        final CliRun run = importFile(journal, rejects);

        assertEquals(1, run.status(), run::toString);
        assertEquals("stockcore import: line 2, quantity: '-4' is negative; a count is 0 or more",
            run.errLines().get(0), run::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "wrong header", "a bad row", "not UTF-8", "empty" })
    void shouldNotCreateTheJournalWhenTheImportAppliesNothing(final String what)
    {
        final Path journal = dir.resolve("new-journal");
        final Path file = switch (what)
        {
            case "wrong header" -> write(dir.resolve("in.csv"), "sku,name,quantity,cost_price\nA,x,1,\n");
            case "a bad row" -> write(dir.resolve("in.csv"), HEADER + "A,x,1,\nB,y,-1,\n");
            case "not UTF-8" -> write(dir.resolve("in.csv"), new byte[] { 'i', 't', 'e', 'm', (byte)0xFF, '\n' });
            default -> write(dir.resolve("in.csv"), "");
        };

        final CliRun run = importFile(journal, file);

        assertEquals(1, run.status(), run::toString);
        assertFalse(Files.exists(journal), "a failed import created " + journal + ": " + run);
    }

    @Test
    void shouldCreateTheJournalWhenTheImportApplies()
    {
        final Path journal = dir.resolve("new-journal");
        final Path file = write(dir.resolve("in.csv"), HEADER + "A,x,1,\n");

        final CliRun run = importFile(journal, file);

        assertEquals(0, run.status(), run::toString);
        assertEquals(List.of(0L), List.of((long)recovered(journal, opened -> opened.engine().productIndex("A"))));
    }
}
