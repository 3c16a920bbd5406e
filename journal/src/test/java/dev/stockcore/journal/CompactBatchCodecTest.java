package dev.stockcore.journal;

import dev.stockcore.engine.StockEngine;
import dev.stockcore.engine.movement.MovementBatchWriter;
import dev.stockcore.engine.movement.MovementDecoder;
import dev.stockcore.engine.movement.MovementKind;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.stockcore.engine.movement.MovementDescriptor.MAX_BATCH_LENGTH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compact encoding decodes to exactly the bytes the engine wrote: for every batch of a long run of random
 * commands on the real engine, and for records with extreme field values, grouped into excerpts as the journal
 * groups them.
 */
class CompactBatchCodecTest
{
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldDecodeEveryEngineBatchToTheSameBytes(final long seed)
    {
        final List<byte[]> batches = new ArrayList<>();
        final StockEngine engine = new StockEngine((buffer, offset, length) ->
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            batches.add(copy);
        });
        final RandomCommands commands = new RandomCommands(seed, 40, 1);
        commands.setUp(engine);
        for (int i = 0; i < 20_000; i++)
        {
            commands.step(engine);
        }
        final long fixedBytes = batches.stream().mapToLong(batch -> batch.length).sum();
        final long compactBytes = roundTrip(batches, 7);
        assertTrue(compactBytes * 3 < fixedBytes, "compact " + compactBytes + " B vs fixed " + fixedBytes + " B");
    }

    @Test
    void shouldDecodeExtremeFieldValuesToTheSameBytes()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final long[] extremes = {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE};
        final List<byte[]> batches = new ArrayList<>();
        final MovementBatchWriter writer = new MovementBatchWriter();
        long sequence = 1;
        for (int b = 0; b < 2_000; b++)
        {
            writer.reset();
            final int count = 1 + random.nextInt(64);
            for (int i = 0; i < count; i++)
            {
                final MovementKind kind = MovementKind.values()[random.nextInt(MovementKind.values().length)];
                if (kind == MovementKind.PRODUCT_ADDED)
                {
                    if (i > 0)
                    {
                        continue;
                    }
                    final String sku = "SKU-" + random.nextInt(1_000_000);
                    writer.append(sequence++, pick(random, extremes), kind, pick(random, extremes),
                        random.nextInt(), random.nextInt(), 0, 0, 0, sku.length(), pick(random, extremes),
                        pick(random, extremes));
                    writer.appendSku(sku);
                    break;
                }
                sequence += random.nextInt(10) == 0 ? random.nextLong() : 1;
                writer.append(sequence, pick(random, extremes), kind, pick(random, extremes),
                    random.nextBoolean() ? -1 : random.nextInt(), random.nextInt(), random.nextInt(Short.MAX_VALUE),
                    random.nextInt(Short.MAX_VALUE), pick(random, extremes), pick(random, extremes),
                    pick(random, extremes), pick(random, extremes));
            }
            final int length = writer.finish();
            final byte[] copy = new byte[length];
            writer.buffer().getBytes(0, copy);
            batches.add(copy);
        }
        roundTrip(batches, 5);
    }

    @Test
    void shouldRefuseACompactBatchCutShort()
    {
        final MovementBatchWriter writer = new MovementBatchWriter();
        writer.append(1, 10, MovementKind.RESERVED, 7, 3, 3, 0, 1, 2, 1_000, 5, 2);
        final int length = writer.finish();
        final CompactBatchCodec codec = new CompactBatchCodec();
        final ExpandableArrayBuffer compact = new ExpandableArrayBuffer(256);
        int end = codec.beginExcerpt(compact, 0, 1);
        end += codec.encodeBatch(writer.buffer(), 0, compact, end);
        assertTrue(length > 0);
        final UnsafeBuffer decoded = new UnsafeBuffer(new byte[MAX_BATCH_LENGTH]);
        for (int cut = 1; cut < end; cut++)
        {
            final int limit = cut;
            assertThrows(IllegalStateException.class, () ->
            {
                final int first = codec.beginDecode(compact, 0, limit);
                codec.decodeBatch(compact, first, limit, decoded);
            }, "cut at " + cut);
        }
    }

    private static long pick(final SplittableRandom random, final long[] extremes)
    {
        return random.nextBoolean() ? extremes[random.nextInt(extremes.length)] : random.nextLong(-5_000, 5_000);
    }

    /** Encodes the batches in excerpts of {@code perExcerpt}, decodes them and compares; returns compact bytes. */
    private static long roundTrip(final List<byte[]> batches, final int perExcerpt)
    {
        final CompactBatchCodec codec = new CompactBatchCodec();
        final ExpandableArrayBuffer compact = new ExpandableArrayBuffer(1 << 16);
        final UnsafeBuffer decoded = new UnsafeBuffer(new byte[MAX_BATCH_LENGTH * 2]);
        long total = 0;
        for (int start = 0; start < batches.size(); start += perExcerpt)
        {
            final int end = Math.min(batches.size(), start + perExcerpt);
            compact.checkLimit(64 * 1024);
            int length = codec.beginExcerpt(compact, 0,
                MovementDecoder.batchFirstSequence(new UnsafeBuffer(batches.get(start)), 0));
            for (int i = start; i < end; i++)
            {
                compact.checkLimit(length + 10 + 64 * CompactBatchCodec.MAX_RECORD_LENGTH + 256);
                length += codec.encodeBatch(new UnsafeBuffer(batches.get(i)), 0, compact, length);
            }
            total += length;
            int at = codec.beginDecode(compact, 0, length);
            for (int i = start; i < end; i++)
            {
                at = codec.decodeBatch(compact, at, length, decoded);
                assertArrayEquals(batches.get(i), bytes(decoded, MovementDecoder.batchLength(decoded, 0)), "batch " + i);
            }
            assertEquals(length, at, "the whole excerpt is read");
        }
        return total;
    }

    private static byte[] bytes(final DirectBuffer buffer, final int length)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(0, copy);
        return copy;
    }
}
