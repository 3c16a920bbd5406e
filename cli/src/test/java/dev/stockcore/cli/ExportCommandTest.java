package dev.stockcore.cli;

import dev.stockcore.journal.JournaledEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.stockcore.cli.InventoryFiles.HEADER;
import static dev.stockcore.cli.InventoryFiles.SHOP;
import static dev.stockcore.cli.InventoryFiles.importFile;
import static dev.stockcore.cli.InventoryFiles.read;
import static dev.stockcore.cli.InventoryFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldWriteAConsumerWithItsSourcesQuantityAndCostAndTheSourceAfterItsName()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SHOP);
        assertEquals(0, importFile(journal, write(dir.resolve("n.csv"), HEADER + "B,Gift box,10,\n")).status());

        final CliRun run = CliRun.run("export", "--journal", journal.toString(), "-");

        assertEquals(0, run.status(), run::toString);
        assertEquals(HEADER + "A,,10,4.2500\nB,Gift box [shares stock of A],10,4.2500\nC,,5,2.0000\nD,,0,0.0000\n",
            run.out());
        assertEquals("", run.err());
    }

    @Test
    void shouldReplaceTheFileAndLeaveNoTemporaryFileBehind() throws IOException
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, "product A\nadjust A 3\n");
        final Path file = write(dir.resolve("out").resolve("stock.csv"), "old content\n");

        final CliRun run = CliRun.run("export", "--journal", journal.toString(), file.toString());

        assertEquals(0, run.status(), run::toString);
        assertEquals(List.of("exported " + file + ": products=1 consumers=0"), run.outLines());
        assertEquals(HEADER + "A,,3,0.0000\n", read(file));
        try (Stream<Path> files = Files.list(file.getParent()))
        {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void shouldSayWhatToDoWhenTheFileCannotBeWritten()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, "product A\n");
        final Path file = dir.resolve("missing").resolve("stock.csv");

        final CliRun run = CliRun.run("export", "--journal", journal.toString(), file.toString());

        assertEquals(2, run.status(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("stockcore export: cannot write " + file + ": "), run::toString);
        assertTrue(run.err().contains("check the directory exists, is writable and has free space"), run::toString);
    }

    @Test
    void shouldExportWhileAWriterRuns()
    {
        final Path journal = dir.resolve("j");
        CliRun.script(journal, SHOP);
        try (JournaledEngine writer = JournaledEngine.open(new JournaledEngine.Context().journalDir(journal)))
        {
            final CliRun run = CliRun.run("export", "--journal", journal.toString(), "-");

            assertEquals(0, run.status(), run::toString);
            assertEquals(5, run.outLines().size(), run::toString);
            assertEquals(4, writer.engine().productCount());
        }
    }
}
