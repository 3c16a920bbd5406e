package dev.stockcore.journal.catalogue;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextArenaTest
{
    @Test
    void shouldReadBackEveryEntryAcrossPages()
    {
        final TextArena arena = new TextArena();
        final int entries = 100_000;
        final long[] addresses = new long[entries];
        for (int i = 0; i < entries; i++)
        {
            final byte[] text = ("name " + i + " ü").getBytes(StandardCharsets.UTF_8);
            addresses[i] = arena.append(text, 0, text.length);
        }

        for (int i = 0; i < entries; i++)
        {
            final String expected = "name " + i + " ü";
            final int length = expected.getBytes(StandardCharsets.UTF_8).length;
            assertEquals(length, arena.length(addresses[i]));
            assertEquals(expected, arena.string(addresses[i], 0, length));
        }
        assertTrue(addresses[entries - 1] >>> 20 > 0, "the entries filled more than one page");
    }

    @Test
    void shouldCompareAPartOfAnEntry()
    {
        final TextArena arena = new TextArena();
        final byte[] text = "\u0003ABCname".getBytes(StandardCharsets.US_ASCII);
        final long address = arena.append(text, 0, text.length);
        final byte[] name = "xxnamexx".getBytes(StandardCharsets.US_ASCII);

        assertTrue(arena.equals(address, 4, 4, name, 2, 4));
        assertFalse(arena.equals(address, 4, 4, name, 2, 5));
        assertFalse(arena.equals(address, 3, 4, name, 2, 4));
    }

    @Test
    void shouldTakeTheLongestEntryAndRefuseALongerOne()
    {
        final TextArena arena = new TextArena();
        final byte[] longest = new byte[TextArena.MAX_LENGTH + 1];

        assertEquals(TextArena.MAX_LENGTH, arena.length(arena.append(longest, 0, TextArena.MAX_LENGTH)));
        assertThrows(IllegalArgumentException.class, () -> arena.append(longest, 0, longest.length));
    }
}
