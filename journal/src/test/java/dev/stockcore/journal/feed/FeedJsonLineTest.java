package dev.stockcore.journal.feed;

import dev.stockcore.engine.StockEngine;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The feed's JSON line, {@link AvailabilityJson}.
 */
class FeedJsonLineTest
{
    private static final int ROUNDS = 5;

    @Test
    void shouldWriteSkuAvailableAndSequenceInThisOrder()
    {
        final StockEngine engine = new StockEngine(null);
        engine.addProduct("OIL-1L");
        engine.adjust(0, 98, -1);

        assertEquals("{\"sku\":\"OIL-1L\",\"available\":98,\"sequence\":42}",
            AvailabilityJson.append(engine, 0, 98, 42, new StringBuilder()).toString());
    }

    @Test
    void shouldAddTheSourceOfAVirtualProduct()
    {
        final StockEngine engine = new StockEngine(null);
        engine.addProduct("OIL-1L");
        engine.addProduct("OIL-GIFTBOX");
        engine.link(1, 0);

        assertEquals("{\"sku\":\"OIL-GIFTBOX\",\"available\":12,\"sequence\":7,\"source\":\"OIL-1L\"}",
            AvailabilityJson.append(engine, 1, 12, 7, new StringBuilder("x")).substring(1));
    }

    @Test
    void shouldEscapeAQuoteABackslashAndAControlCharacterOfASkuReplayedFromAJournal()
    {
        final List<byte[]> batches = new ArrayList<>();
        final StockEngine writer = new StockEngine((buffer, offset, length) ->
        {
            final byte[] batch = new byte[length];
            buffer.getBytes(offset, batch);
            batches.add(batch);
        });
        writer.addProduct("AqBrCs");
        final byte[] batch = batches.get(0);
        final String text = new String(batch, StandardCharsets.ISO_8859_1);
        final int sku = text.indexOf("AqBrCs");
        batch[sku + 1] = '"';
        batch[sku + 3] = '\\';
        batch[sku + 5] = 1;
        final StockEngine replica = new StockEngine(null);
        replica.applyBatch(new UnsafeBuffer(batch), 0);

        assertEquals("{\"sku\":\"A\\\"B\\\\C\\u0001\",\"available\":0,\"sequence\":1}",
            AvailabilityJson.append(replica, 0, 0, 1, new StringBuilder()).toString());
    }

    @Test
    void shouldNotAllocateWhenAppendingToAReusedBuilder()
    {
        final StockEngine engine = new StockEngine(null);
        engine.addProduct("A");
        engine.addProduct("SKU-000042");
        engine.link(1, 0);
        final StringBuilder line = new StringBuilder(256);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        long checksum = appendMany(engine, line, 200_000);

        // A deoptimisation while the JIT settles can re-create a few objects it had scalar-replaced; a line
        // that allocates would allocate in every round.
        final long[] allocated = new long[ROUNDS];
        for (int round = 0; round < ROUNDS; round++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            checksum += appendMany(engine, line, 100_000);
            allocated[round] = threads.getCurrentThreadAllocatedBytes() - before;
            if (allocated[round] == 0)
            {
                return;
            }
        }
        fail("bytes allocated in each round of 100,000 lines: " + Arrays.toString(allocated) + " (checksum " +
            checksum + ")");
    }

    private static long appendMany(final StockEngine engine, final StringBuilder line, final int count)
    {
        long checksum = 0;
        for (int i = 0; i < count; i++)
        {
            line.setLength(0);
            AvailabilityJson.append(engine, i & 1, i * 31L, i, line);
            checksum += line.length();
        }
        return checksum;
    }
}
