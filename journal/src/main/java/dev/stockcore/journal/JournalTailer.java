package dev.stockcore.journal;

import dev.stockcore.engine.movement.MovementDecoder;
import dev.stockcore.engine.movement.MovementDescriptor;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import static dev.stockcore.journal.JournalDescriptor.FORMAT_VERSION;
import static dev.stockcore.journal.JournalDescriptor.HEADER_LENGTH;
import static dev.stockcore.journal.JournalDescriptor.LENGTH_OFFSET;
import static dev.stockcore.journal.JournalDescriptor.VERSION_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * A position in a journal that reads on from where it stopped: each {@link #poll(Journal.BatchConsumer, long)}
 * hands over the batches appended since the previous one, so a reader can follow a writer running in another
 * process (an excerpt the writer has not finished is not visible yet). Made by {@link Journal#tailer(long)}.
 * <p>
 * Keeps one Chronicle tailer and one scratch buffer for its whole life, so polling, at the end of the journal
 * or not, allocates nothing once the scratch buffer has grown to the largest excerpt. Each excerpt is copied
 * whole into the scratch buffer and its header decoded little-endian there, as {@link Journal} encoded it (not
 * through Chronicle Bytes' {@code readInt}, which is native order). Not thread safe: one thread polls it.
 */
public final class JournalTailer implements AutoCloseable
{
    private final Journal journal;
    private final ExcerptTailer tailer;
    private byte[] scratch = new byte[8192];
    private final UnsafeBuffer scratchBuffer = new UnsafeBuffer(scratch);
    private long lastIndex;

    JournalTailer(final Journal journal, final ExcerptTailer tailer, final long afterIndex)
    {
        this.journal = journal;
        this.tailer = tailer;
        this.lastIndex = afterIndex;
    }

    /**
     * Reads the batches after the last one read, in order, until the end of what the writer has finished,
     * {@code limit} batches, or the consumer returning false.
     *
     * @param consumer receives each batch; return false to stop after it (the rest of its excerpt is skipped:
     *                 a tailer resumes at the next excerpt).
     * @param limit    most batches to read in this call.
     * @return the number of batches handed to the consumer (0 at the end of the journal).
     * @throws JournalException if an excerpt is of a newer format or does not hold what its header declares.
     */
    public long poll(final Journal.BatchConsumer consumer, final long limit)
    {
        long batches = 0;
        while (batches < limit)
        {
            try (DocumentContext context = tailer.readingDocument())
            {
                if (!context.isPresent())
                {
                    break;
                }
                final long index = context.index();
                final Bytes<?> bytes = context.wire().bytes();
                final int excerptLength = (int)bytes.readRemaining();
                if (excerptLength < HEADER_LENGTH)
                {
                    throw new JournalException("journal " + journal.dir() + ": excerpt at index " + index + " holds " +
                        excerptLength + " bytes, less than its " + HEADER_LENGTH + "-byte header; it is corrupt");
                }
                ensureScratch(excerptLength);
                bytes.read(scratch, 0, excerptLength);
                final int version = scratchBuffer.getInt(VERSION_OFFSET, LITTLE_ENDIAN);
                if (version < 1 || version > FORMAT_VERSION)
                {
                    throw journal.newerFormat(version, "excerpt at index " + index);
                }
                final int length = scratchBuffer.getInt(LENGTH_OFFSET, LITTLE_ENDIAN);
                if (length < 0 || length > excerptLength - HEADER_LENGTH)
                {
                    throw new JournalException("journal " + journal.dir() + ": excerpt at index " + index +
                        " declares " + length + " bytes but holds " + (excerptLength - HEADER_LENGTH) +
                        "; it is corrupt");
                }
                lastIndex = index;
                boolean more = true;
                for (int at = 0; at < length && more; )
                {
                    final int offset = HEADER_LENGTH + at;
                    final int batchLength = length - at < MovementDescriptor.BATCH_HEADER_LENGTH ? -1 :
                        MovementDecoder.batchLength(scratchBuffer, offset);
                    if (batchLength < MovementDescriptor.BATCH_HEADER_LENGTH || batchLength > length - at)
                    {
                        throw new JournalException("journal " + journal.dir() + ": excerpt at index " + index +
                            " holds a batch of " + batchLength + " bytes at offset " + at + " of " + length +
                            "; it is corrupt");
                    }
                    batches++;
                    more = consumer.onBatch(index, scratchBuffer, offset, batchLength);
                    at += batchLength;
                }
                if (!more)
                {
                    break;
                }
            }
        }
        return batches;
    }

    /** @return the index of the last excerpt read, or the index this tailer started after (-1 for the start). */
    public long lastIndex()
    {
        return lastIndex;
    }

    @Override
    public void close()
    {
        tailer.close();
    }

    private void ensureScratch(final int length)
    {
        if (length > scratch.length)
        {
            scratch = new byte[Math.max(length, scratch.length * 2)];
            scratchBuffer.wrap(scratch);
        }
    }
}
