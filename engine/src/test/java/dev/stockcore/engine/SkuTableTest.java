package dev.stockcore.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The SKU interning table against {@link HashMap} on seeded random SKUs: lookups by {@link CharSequence}
 * and from bytes in a {@link org.agrona.DirectBuffer}, across rehashes and arena growth.
 */
class SkuTableTest
{
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";
    private static final int BUFFER_OFFSET = 13;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[BUFFER_OFFSET + EngineLimits.MAX_SKU_LENGTH + 7]);

    @Test
    void shouldAnswerMinusOneForUnknownSku()
    {
        final SkuTable table = new SkuTable(16);
        table.add("A");

        assertEquals(-1, table.find("B"));
        assertEquals(-1, findInBuffer(table, "B"));
    }

    @Test
    void shouldGiveDenseIndicesInOrderOfAddition()
    {
        final SkuTable table = new SkuTable(16);

        assertEquals(0, table.add("first"));
        assertEquals(1, table.add("second"));
        assertEquals(2, table.size());
    }

    @Test
    void shouldTellApartSkusThatArePrefixesOfEachOther()
    {
        final SkuTable table = new SkuTable(16);
        table.add("AB");
        table.add("ABC");
        table.add("A");

        assertEquals(0, table.find("AB"));
        assertEquals(1, table.find("ABC"));
        assertEquals(2, table.find("A"));
        assertEquals(-1, table.find("ABCD"));
        assertEquals(1, findInBuffer(table, "ABC"));
    }

    @Test
    void shouldTreatSkusAsCaseSensitive()
    {
        final SkuTable table = new SkuTable(16);
        table.add("sku");

        assertEquals(-1, table.find("SKU"));
        assertEquals(-1, findInBuffer(table, "SKU"));
    }

    @Test
    void shouldFindSkuAddedFromBuffer()
    {
        final SkuTable table = new SkuTable(16);
        table.add("X");
        final int length = buffer.putStringWithoutLengthAscii(BUFFER_OFFSET, "from-buffer");

        assertEquals(1, table.add(buffer, BUFFER_OFFSET, length));
        assertEquals(1, table.find("from-buffer"));
        assertEquals("from-buffer", table.sku(1));
    }

    @Test
    void shouldStoreSkuOf64Characters()
    {
        final SkuTable table = new SkuTable(1);
        final String sku = "x".repeat(EngineLimits.MAX_SKU_LENGTH);

        assertEquals(0, table.add(sku));
        assertEquals(0, table.find(sku));
        assertEquals(EngineLimits.MAX_SKU_LENGTH, table.length(0));
        assertEquals(sku, table.sku(0));
        assertEquals(0, findInBuffer(table, sku));
    }

    @Test
    void shouldHashEqualSkusEquallyWhateverTheirIndex()
    {
        final SkuTable one = new SkuTable(16);
        final SkuTable other = new SkuTable(16);
        one.add("SAME");
        other.add("before");
        other.add("SAME");

        assertEquals(one.hash(0), other.hash(1));
    }

    @ParameterizedTest
    @CsvSource({
        // seed, capacity hint, shortest, longest, SKUs to add
        "1, 1, 1, 2, 3000",
        "2, 16, 1, 64, 20000",
        "3, 1, 60, 64, 5000",
        "4, 1000, 3, 12, 50000",
    })
    void shouldMatchHashMapOnRandomSkus(
        final long seed, final int capacityHint, final int shortest, final int longest, final int additions)
    {
        final Random random = new Random(seed);
        final SkuTable table = new SkuTable(capacityHint);
        final Map<String, Integer> model = new HashMap<>();
        final List<String> added = new ArrayList<>();

        for (int i = 0; i < additions; i++)
        {
            final String sku = randomSku(random, shortest, longest);
            final String where = "seed " + seed + ", step " + i + ", sku " + sku;
            final Integer expected = model.get(sku);
            assertEquals(expected == null ? -1 : expected, table.find(sku), where);
            assertEquals(expected == null ? -1 : expected, findInBuffer(table, sku), where);
            if (expected == null)
            {
                final int product = random.nextBoolean() ? table.add(sku) : addFromBuffer(table, sku);
                assertEquals(model.size(), product, where);
                model.put(sku, product);
                added.add(sku);
            }
            assertEquals(model.size(), table.size(), where);
        }
        for (int p = 0; p < added.size(); p++)
        {
            final String sku = added.get(p);
            assertEquals(p, table.find(sku), sku);
            assertEquals(p, findInBuffer(table, sku), sku);
            assertEquals(sku, table.sku(p));
            assertEquals(sku.length(), table.length(p));
            assertEquals(sku.charAt(sku.length() - 1), table.charAt(p, sku.length() - 1));
        }
    }

    private int findInBuffer(final SkuTable table, final String sku)
    {
        buffer.setMemory(0, buffer.capacity(), (byte)'#');
        final byte[] bytes = sku.getBytes(StandardCharsets.US_ASCII);
        buffer.putBytes(BUFFER_OFFSET, bytes);
        return table.find(buffer, BUFFER_OFFSET, bytes.length);
    }

    private int addFromBuffer(final SkuTable table, final String sku)
    {
        final byte[] bytes = sku.getBytes(StandardCharsets.US_ASCII);
        buffer.putBytes(BUFFER_OFFSET, bytes);
        return table.add(buffer, BUFFER_OFFSET, bytes.length);
    }

    private static String randomSku(final Random random, final int shortest, final int longest)
    {
        final int length = shortest + random.nextInt(longest - shortest + 1);
        final StringBuilder sku = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            sku.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sku.toString();
    }
}
