package dev.stockcore.cli.webhook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CursorFileTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadMinusOneWhenThereIsNoCursorYet()
    {
        assertEquals(-1, new CursorFile(dir.resolve("webhook.cursor")).read());
    }

    @Test
    void shouldWriteOneLineAndLeaveNoTemporaryFile() throws Exception
    {
        final CursorFile cursor = new CursorFile(dir.resolve("webhook.cursor"));

        cursor.write(41);
        cursor.write(1_042);

        assertEquals("1042\n", Files.readString(dir.resolve("webhook.cursor"), StandardCharsets.US_ASCII));
        assertEquals(1_042, cursor.read());
        assertFalse(Files.exists(dir.resolve("webhook.cursor.tmp")));
    }

    @Test
    void shouldReplaceAStaleTemporaryFileLeftByAKill() throws Exception
    {
        Files.writeString(dir.resolve("webhook.cursor.tmp"), "99999999");
        final CursorFile cursor = new CursorFile(dir.resolve("webhook.cursor"));

        cursor.write(7);

        assertEquals(7, cursor.read());
        assertFalse(Files.exists(dir.resolve("webhook.cursor.tmp")));
    }

    @Test
    void shouldNameTheFileWhenItDoesNotHoldASequence() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("webhook.cursor"), "12ab\n");

        final UncheckedIOException ex = assertThrows(UncheckedIOException.class, () -> new CursorFile(file).read());

        assertTrue(ex.getMessage().startsWith("the webhook cursor " + file.toAbsolutePath() +
            " does not hold one movement sequence"), ex.getMessage());
        assertTrue(ex.getMessage().contains("--from SEQ"), ex.getMessage());
    }

    @Test
    void shouldRefuseANegativeOrPaddedSequence() throws Exception
    {
        final Path file = dir.resolve("webhook.cursor");
        for (final String text : new String[] { "-3\n", "+3\n", " 3\n", "", "3\n\n" })
        {
            Files.writeString(file, text);
            assertThrows(UncheckedIOException.class, () -> new CursorFile(file).read(), "'" + text + "'");
        }
    }
}
