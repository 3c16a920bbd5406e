package dev.stockcore.journal;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.StockEngine;
import dev.stockcore.engine.movement.MovementDescriptor;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The header fields of a format 3 excerpt that the checksum does not decide alone: an encoding or reserved field
 * this build does not know, under a valid checksum, is a newer stockcore's excerpt; a zero-filled excerpt (what
 * a write into a mapped page that faulted leaves) is damage; a journal's first writer records that every excerpt
 * is checksummed; and a checksummed journal whose replayed state breaks an invariant is refused at the end of
 * recovery.
 */
class ExcerptChecksumTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRefuseAnUnknownEncodingAsWrittenByANewerStockcore()
    {
        final long index = writeThenAppend(excerpt -> excerpt.putShort(JournalDescriptor.ENCODING_OFFSET,
            (short)2, ByteOrder.LITTLE_ENDIAN));

        final JournalException refused = assertThrows(JournalException.class, this::recover);

        assertTrue(refused.getMessage().contains(named(index) + ": it is in payload encoding 2, which this build " +
            "does not read (it reads encodings 0 and 1): it was written by a newer stockcore"), refused.getMessage());
    }

    @Test
    void shouldRefuseANonZeroReservedFieldUnderAValidChecksum()
    {
        final long index = writeThenAppend(excerpt -> excerpt.putShort(JournalDescriptor.RESERVED_OFFSET, (short)7,
            ByteOrder.LITTLE_ENDIAN));

        final JournalException refused = assertThrows(JournalException.class, this::recover);

        assertTrue(refused.getMessage().contains(named(index) + ": it is in payload encoding 0 with reserved " +
            "field 7"), refused.getMessage());
    }

    @Test
    void shouldRefuseAZeroFilledExcerptAsDamaged()
    {
        writeOneProduct();
        final long index;
        try (SingleChronicleQueue queue = queue();
            ExcerptAppender appender = queue.createAppender())
        {
            try (DocumentContext document = appender.writingDocument())
            {
                document.wire().bytes().write(new byte[96]);
            }
            index = appender.lastIndexAppended();
        }

        final JournalException refused = assertThrows(JournalException.class, this::recover);

        // The cycle-file scan finds it before any reader decodes it: zeros are what a fault writing leaves.
        assertTrue(refused.getMessage().contains("is damaged at index " + index), refused.getMessage());
        assertTrue(refused.getMessage().contains("zero-filled"), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("run ./stockcore repair --journal " + dir), refused.getMessage());
    }

    @Test
    void shouldRecordThatANewJournalIsChecksummedFromItsFirstExcerpt()
    {
        writeOneProduct();

        try (Journal journal = Journal.openForReading(dir))
        {
            assertEquals(0, journal.checksummedFrom(false));
        }
    }

    @Test
    void shouldRefuseAStateThatBreaksAnInvariantAtTheEndOfRecovery() throws IOException
    {
        // The reservation's batch as the engine writes it, taken from a journal of its own.
        final Path whole = dir.resolveSibling(dir.getFileName() + "-whole");
        try (JournaledEngine journaled = JournaledEngine.open(new JournaledEngine.Context().journalDir(whole)
            .snapshotEveryMovements(0)))
        {
            final StockEngine engine = journaled.engine();
            engine.addProduct("A");
            engine.adjust(0, 10, EngineLimits.NO_COST);
            journaled.commit();
            engine.reserve(1, EngineLimits.NO_TTL, new OrderLines().add(0, 2));
            journaled.closeWithoutSnapshot();
        }
        final ExpandableArrayBuffer excerpt = new ExpandableArrayBuffer();
        try (Journal journal = Journal.openForReading(whole))
        {
            journal.read(-1, (index, buffer, offset, length) ->
            {
                excerpt.putBytes(JournalDescriptor.HEADER_LENGTH, buffer, offset, length);
                excerpt.putInt(JournalDescriptor.LENGTH_OFFSET, length, ByteOrder.LITTLE_ENDIAN);
                return true;
            });
        }
        // The same journal without the reservation, which is then appended by hand as a writer bug (not a flipped
        // bit) would leave it: its record says 256 held, with a valid checksum over it. Every record applies as
        // recorded; only the invariant check at the end can see it.
        try (JournaledEngine journaled = JournaledEngine.open(new JournaledEngine.Context().journalDir(dir)
            .snapshotEveryMovements(0)))
        {
            final StockEngine engine = journaled.engine();
            engine.addProduct("A");
            engine.adjust(0, 10, EngineLimits.NO_COST);
            journaled.closeWithoutSnapshot();
        }
        final int length = excerpt.getInt(JournalDescriptor.LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        excerpt.putLong(JournalDescriptor.HEADER_LENGTH + MovementDescriptor.BATCH_HEADER_LENGTH +
            MovementDescriptor.HOLDER_RESERVED_HELD_OFFSET, 256, ByteOrder.LITTLE_ENDIAN);
        new ExcerptCodec().encode(excerpt, length);
        final long index;
        try (SingleChronicleQueue queue = queue();
            ExcerptAppender appender = queue.createAppender())
        {
            try (DocumentContext document = appender.writingDocument())
            {
                document.wire().bytes().write(excerpt.byteArray(), 0, JournalDescriptor.HEADER_LENGTH + length);
            }
            index = appender.lastIndexAppended();
        }

        final JournalException refused = assertThrows(JournalException.class, this::recover);

        assertTrue(refused.getMessage().startsWith("journal " + dir + ": the state recovered up to " + named(index)),
            refused.getMessage());
        assertTrue(refused.getMessage().contains("(sequence 3) breaks an invariant: "), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("; nothing was started: run verify --every-batch to find the " +
            "excerpt that breaks it, and restore the journal from a backup"), refused.getMessage());
        assertThrows(JournalException.class, () -> JournaledEngine.open(new JournaledEngine.Context().journalDir(dir)));
    }

    /** How a refusal names an excerpt: its index in hex and decimal, and its cycle file. */
    private String named(final long index)
    {
        try (Journal journal = Journal.openForReading(dir))
        {
            final String name = journal.excerptName(index);
            assertTrue(name.startsWith("excerpt at index 0x" + Long.toHexString(index) + " (" + index + ") in queue/") &&
                name.endsWith(".cq4"), name);
            return name;
        }
    }

    private void writeOneProduct()
    {
        try (Journal journal = Journal.openForWriting(dir, Durability.ASYNC))
        {
            new StockEngine(journal).addProduct("A");
        }
    }

    /**
     * Writes a journal with one product, then appends a copy of its excerpt changed by {@code change}, with the
     * checksum computed again over the change.
     */
    private long writeThenAppend(final Consumer<ExpandableArrayBuffer> change)
    {
        writeOneProduct();
        final ExpandableArrayBuffer excerpt = new ExpandableArrayBuffer();
        try (Journal journal = Journal.openForReading(dir))
        {
            journal.read(-1, (index, buffer, offset, length) ->
            {
                excerpt.putBytes(JournalDescriptor.HEADER_LENGTH, buffer, offset, length);
                excerpt.putInt(JournalDescriptor.LENGTH_OFFSET, length, ByteOrder.LITTLE_ENDIAN);
                return false;
            });
        }
        final int length = excerpt.getInt(JournalDescriptor.LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        new ExcerptCodec().encode(excerpt, length);
        change.accept(excerpt);
        excerpt.putInt(JournalDescriptor.CHECKSUM_OFFSET, new ExcerptCodec().checksum(excerpt.byteArray(), length),
            ByteOrder.LITTLE_ENDIAN);
        try (SingleChronicleQueue queue = queue();
            ExcerptAppender appender = queue.createAppender())
        {
            try (DocumentContext document = appender.writingDocument())
            {
                document.wire().bytes().write(excerpt.byteArray(), 0, JournalDescriptor.HEADER_LENGTH + length);
            }
            return appender.lastIndexAppended();
        }
    }

    private Recovery.Outcome recover()
    {
        try (Journal journal = Journal.openForReading(dir))
        {
            return Recovery.recover(journal, () -> new StockEngine(null), Recovery.Progress.NONE);
        }
    }

    private SingleChronicleQueue queue()
    {
        return SingleChronicleQueueBuilder.binary(dir.resolve(JournalDescriptor.QUEUE_DIR))
            .rollCycle(RollCycles.FAST_HOURLY)
            .build();
    }
}
