package dev.stockcore.journal;

import dev.stockcore.engine.movement.MovementDescriptor;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import static dev.stockcore.journal.JournalDescriptor.FORMAT_VERSION;

/**
 * A position in a journal that reads on from where it stopped: each {@link #poll(Journal.BatchConsumer, long)}
 * hands over the batches appended since the previous one, so a reader can follow a writer running in another
 * process (an excerpt the writer has not finished is not visible yet). Made by {@link Journal#tailer(long)}.
 * <p>
 * Keeps one Chronicle tailer and one scratch buffer for its whole life, so polling, at the end of the journal
 * or not, allocates nothing once the scratch buffer has grown to the largest batch. Not thread safe: one
 * thread polls it.
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
                final int version = bytes.readInt();
                if (version < 1 || version > FORMAT_VERSION)
                {
                    throw journal.newerFormat(version, "excerpt at index " + index);
                }
                final int length = bytes.readInt();
                if (length < 0 || length > bytes.readRemaining())
                {
                    throw new JournalException("journal " + journal.dir() + ": excerpt at index " + index +
                        " declares " + length + " bytes but holds " + bytes.readRemaining() + "; it is corrupt");
                }
                ensureScratch(length);
                bytes.read(scratch, 0, length);
                lastIndex = index;
                boolean more = true;
                for (int offset = 0; offset < length && more; )
                {
                    final int batchLength = length - offset < MovementDescriptor.BATCH_HEADER_LENGTH ? -1 :
                        scratchBuffer.getInt(offset + MovementDescriptor.BATCH_LENGTH_OFFSET);
                    if (batchLength < MovementDescriptor.BATCH_HEADER_LENGTH || batchLength > length - offset)
                    {
                        throw new JournalException("journal " + journal.dir() + ": excerpt at index " + index +
                            " holds a batch of " + batchLength + " bytes at offset " + offset + " of " + length +
                            "; it is corrupt");
                    }
                    batches++;
                    more = consumer.onBatch(index, scratchBuffer, offset, batchLength);
                    offset += batchLength;
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
