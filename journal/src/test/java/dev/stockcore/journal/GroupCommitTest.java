package dev.stockcore.journal;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.StockEngine;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One excerpt per group commit, holding the whole batches of its commands; format 1 journals (one batch per
 * excerpt, no checksum) still read.
 */
class GroupCommitTest
{
    @TempDir
    Path dir;

    @Test
    void shouldWriteOneExcerptPerCommitAndReadBackEveryBatch()
    {
        final List<Long> sequences = new ArrayList<>();
        final long hash;
        try (Journal journal = Journal.openForWriting(dir, Durability.ASYNC))
        {
            final StockEngine engine = new StockEngine(journal);
            engine.addProduct("A");
            engine.adjust(0, 10, EngineLimits.NO_COST);
            engine.reserve(1, EngineLimits.NO_TTL, new OrderLines().add(0, 2));
            assertEquals(3, journal.commit(), "three commands in the group");
            engine.release(1);
            assertEquals(1, journal.commit());
            hash = engine.stateHash();
        }
        try (Journal journal = Journal.openForReading(dir))
        {
            final StockEngine replayed = new StockEngine(null);
            final List<Long> indices = new ArrayList<>();
            assertEquals(4, journal.read(-1, (index, buffer, offset, length) ->
            {
                replayed.applyBatch(buffer, offset);
                indices.add(index);
                sequences.add(replayed.sequence());
                return true;
            }));
            assertEquals(2, indices.stream().distinct().count(), "one excerpt per commit");
            assertEquals(indices.get(0), indices.get(2), "the first three batches share an excerpt");
            assertTrue(indices.get(3) > indices.get(2));
            assertEquals(hash, replayed.stateHash());
        }
        assertEquals(List.of(1L, 2L, 3L, 4L), sequences);
    }

    @Test
    void shouldReadAFormatOneJournalAndUpgradeItsStampWhenWriting()
    {
        final List<byte[]> batches = new ArrayList<>();
        final StockEngine engine = new StockEngine((buffer, offset, length) ->
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            batches.add(copy);
        });
        engine.addProduct("A");
        engine.adjust(0, 5, EngineLimits.NO_COST);
        try (SingleChronicleQueue queue = queue();
             ExcerptAppender appender = queue.createAppender())
        {
            queue.metaStore().acquireValueFor(JournalDescriptor.FORMAT_KEY, 0).setOrderedValue(1);
            for (final byte[] batch : batches)
            {
                try (DocumentContext context = appender.writingDocument())
                {
                    final Bytes<?> bytes = context.wire().bytes();
                    bytes.writeInt(1).writeInt(batch.length);
                    bytes.write(batch);
                }
            }
        }
        try (Journal journal = Journal.openForWriting(dir, Durability.ASYNC))
        {
            final Recovery.Outcome recovered = Recovery.recover(journal, () -> new StockEngine(null), Recovery.Progress.NONE);
            assertEquals(5, recovered.engine().available(0));
        }
        try (SingleChronicleQueue queue = queue())
        {
            assertEquals(JournalDescriptor.FORMAT_VERSION,
                queue.metaStore().acquireValueFor(JournalDescriptor.FORMAT_KEY, 0).getVolatileValue());
        }
    }

    @Test
    void shouldRefuseAnExcerptWhoseBatchesOverrunIt()
    {
        try (Journal journal = Journal.openForWriting(dir, Durability.ASYNC))
        {
            new StockEngine(journal).addProduct("A");
        }
        try (SingleChronicleQueue queue = queue();
             ExcerptAppender appender = queue.createAppender())
        {
            try (DocumentContext context = appender.writingDocument())
            {
                // A well-formed format 3 excerpt with a valid checksum over 16 bytes, but the batch inside claims 64.
                final ExpandableArrayBuffer excerpt = new ExpandableArrayBuffer();
                excerpt.putInt(JournalDescriptor.HEADER_LENGTH, 64, ByteOrder.LITTLE_ENDIAN);
                excerpt.putInt(JournalDescriptor.HEADER_LENGTH + 4, 1, ByteOrder.LITTLE_ENDIAN);
                excerpt.putLong(JournalDescriptor.HEADER_LENGTH + 8, 0, ByteOrder.LITTLE_ENDIAN);
                context.wire().bytes().write(excerpt.byteArray(), 0, new ExcerptCodec().encode(excerpt, 16));
            }
        }
        try (Journal journal = Journal.openForReading(dir))
        {
            final JournalException corrupt = assertThrows(JournalException.class,
                () -> journal.read(-1, (index, buffer, offset, length) -> true));
            assertTrue(corrupt.getMessage().contains("holds a batch of 64 bytes at offset 0 of 16"), corrupt.getMessage());
        }
    }

    private SingleChronicleQueue queue()
    {
        try
        {
            Files.createDirectories(dir.resolve(JournalDescriptor.SNAPSHOT_DIR));
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
        return SingleChronicleQueueBuilder.binary(dir.resolve(JournalDescriptor.QUEUE_DIR))
            .rollCycle(RollCycles.FAST_HOURLY).build();
    }
}
