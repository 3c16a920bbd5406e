package dev.stockcore.journal.catalogue;

import dev.stockcore.journal.JournalDescriptor;
import dev.stockcore.journal.JournalException;
import dev.stockcore.journal.JournaledEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NameLogTest
{
    private static final String AWKWARD = "Gift box \"Tuscany\", 3 x 1 l\nJürgen’s 🫒 oil";

    @TempDir
    Path dir;

    @Test
    void shouldKeepTheLastNameOfEachSkuAcrossARecovery()
    {
        try (JournaledEngine writer = open())
        {
            writer.engine().addProduct("A");
            writer.engine().addProduct("B");
            writer.commit();
            try (NameLogWriter names = NameLogWriter.open(writer, 0))
            {
                names.append("A", "first");
                names.append("B", AWKWARD);
                names.append("A", "second");
                names.force();
            }
        }

        try (JournaledEngine reopened = open())
        {
            final List<String> warnings = new ArrayList<>();
            final ProductCatalogue catalogue = ProductCatalogue.load(dir, reopened.engine(), warnings);

            assertEquals("second", catalogue.name(reopened.engine().productIndex("A")));
            assertEquals(AWKWARD, catalogue.name(reopened.engine().productIndex("B")));
            assertEquals(3, catalogue.recordsRead());
            assertEquals(List.of(), warnings);
        }
    }

    @Test
    void shouldClearANameWithAnEmptyRecordAndIgnoreSkusTheEngineDoesNotHave()
    {
        try (JournaledEngine writer = open())
        {
            writer.engine().addProduct("A");
            try (NameLogWriter names = NameLogWriter.open(writer, 0))
            {
                names.append("A", "oil");
                names.append("GONE", "never registered");
                names.append("A", "");
                names.force();
            }
            final ProductCatalogue catalogue = ProductCatalogue.load(dir, writer.engine(), new ArrayList<>());

            assertNull(catalogue.name(0));
            assertNull(catalogue.name(1));
            assertTrue(catalogue.hasName(0, new byte[0], 0, 0));
        }
    }

    @Test
    void shouldIgnoreATornTailAndCutItOffBeforeTheNextAppend() throws IOException
    {
        final Path file = dir.resolve(JournalDescriptor.NAMES_FILE);
        try (JournaledEngine writer = open())
        {
            writer.engine().addProduct("A");
            writer.engine().addProduct("B");
            try (NameLogWriter names = NameLogWriter.open(writer, 0))
            {
                names.append("A", "kept");
                names.append("B", "torn by a crash");
                names.force();
            }
        }
        final long complete = Files.size(file);
        truncate(file, complete - 3);

        try (JournaledEngine writer = open())
        {
            final List<String> warnings = new ArrayList<>();
            final ProductCatalogue catalogue = ProductCatalogue.load(dir, writer.engine(), warnings);
            assertEquals("kept", catalogue.name(0));
            assertNull(catalogue.name(1));
            assertEquals(1, warnings.size(), warnings::toString);
            assertTrue(warnings.get(0).startsWith("ignored the last " + (complete - 3 - catalogue.validLength()) +
                " bytes of " + file), warnings::toString);

            try (NameLogWriter names = NameLogWriter.open(writer, catalogue.validLength()))
            {
                assertEquals(complete - 3 - catalogue.validLength(), names.truncatedBytes());
                names.append("B", "written again");
                names.force();
            }
            final List<String> after = new ArrayList<>();
            final ProductCatalogue reloaded = ProductCatalogue.load(dir, writer.engine(), after);
            assertEquals("kept", reloaded.name(0));
            assertEquals("written again", reloaded.name(1));
            assertEquals(List.of(), after);
        }
    }

    @Test
    void shouldStopAtARecordWhoseChecksumDoesNotMatch() throws IOException
    {
        final Path file = dir.resolve(JournalDescriptor.NAMES_FILE);
        try (JournaledEngine writer = open())
        {
            writer.engine().addProduct("A");
            writer.engine().addProduct("B");
            try (NameLogWriter names = NameLogWriter.open(writer, 0))
            {
                names.append("A", "good");
                names.append("B", "bad");
                names.force();
            }
            final long size = Files.size(file);
            try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw"))
            {
                raw.seek(size - 1);
                raw.write('x');
            }

            final List<String> warnings = new ArrayList<>();
            final ProductCatalogue catalogue = ProductCatalogue.load(dir, writer.engine(), warnings);

            assertEquals("good", catalogue.name(0));
            assertNull(catalogue.name(1));
            assertEquals(1, warnings.size(), warnings::toString);
        }
    }

    @Test
    void shouldRewriteAHeaderLeftIncompleteByACrash() throws IOException
    {
        final Path file = dir.resolve(JournalDescriptor.NAMES_FILE);
        try (JournaledEngine writer = open())
        {
            writer.engine().addProduct("A");
            Files.write(file, new byte[] { 'S', 'T', 'K' });
            final List<String> warnings = new ArrayList<>();
            final ProductCatalogue catalogue = ProductCatalogue.load(dir, writer.engine(), warnings);
            assertEquals(0, catalogue.validLength());
            assertEquals(1, warnings.size(), warnings::toString);

            try (NameLogWriter names = NameLogWriter.open(writer, catalogue.validLength()))
            {
                names.append("A", "after the crash");
                names.force();
            }

            assertEquals("after the crash", ProductCatalogue.load(dir, writer.engine(), new ArrayList<>()).name(0));
        }
    }

    @Test
    void shouldRefuseAFileThatIsNotANamesLog() throws IOException
    {
        try (JournaledEngine writer = open())
        {
            Files.writeString(dir.resolve(JournalDescriptor.NAMES_FILE), "item_no,name,quantity,cost_price\n");

            final JournalException ex = assertThrows(JournalException.class,
                () -> ProductCatalogue.load(dir, writer.engine(), new ArrayList<>()));

            assertTrue(ex.getMessage().contains("is not a stockcore names log"), ex::getMessage);
        }
    }

    @Test
    void shouldRefuseANamesLogOfANewerFormat() throws IOException
    {
        final Path file = dir.resolve(JournalDescriptor.NAMES_FILE);
        try (JournaledEngine writer = open())
        {
            NameLogWriter.open(writer, 0).close();
            try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw"))
            {
                raw.seek(NameLogDescriptor.VERSION_OFFSET);
                raw.write(NameLogDescriptor.FILE_VERSION + 1);
            }

            final JournalException ex = assertThrows(JournalException.class,
                () -> ProductCatalogue.load(dir, writer.engine(), new ArrayList<>()));

            assertTrue(ex.getMessage().contains("names format version " + (NameLogDescriptor.FILE_VERSION + 1)),
                ex::getMessage);
        }
    }

    @Test
    void shouldRefuseAnInvalidSkuOrATooLongName()
    {
        try (JournaledEngine writer = open(); NameLogWriter names = NameLogWriter.open(writer, 0))
        {
            assertThrows(IllegalArgumentException.class, () -> names.append("A B", "x"));
            assertThrows(IllegalArgumentException.class,
                () -> names.append("A", "x".repeat(NameLogDescriptor.MAX_NAME_LENGTH + 1)));
            assertEquals(0, names.appended());
        }
    }

    private JournaledEngine open()
    {
        return JournaledEngine.open(new JournaledEngine.Context().journalDir(dir));
    }

    private static void truncate(final Path file, final long length) throws IOException
    {
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw"))
        {
            raw.setLength(length);
        }
    }
}
