package dev.stockcore.journal;

import dev.stockcore.engine.movement.MovementDecoder;
import dev.stockcore.engine.movement.MovementDescriptor;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wires;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static dev.stockcore.journal.JournalDescriptor.FORMAT_VERSION;
import static dev.stockcore.journal.JournalDescriptor.HEADER_LENGTH;
import static dev.stockcore.journal.JournalDescriptor.LEGACY_HEADER_LENGTH;
import static dev.stockcore.journal.JournalDescriptor.LEGACY_LENGTH_OFFSET;
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
 * through Chronicle Bytes' {@code readInt}, which is native order), and checked by {@link ExcerptCodec}: a
 * format 3 excerpt whose checksum, length, encoding or reserved field is wrong, or an excerpt without a checksum
 * where the journal requires one, is refused with its index and cycle file before any of its batches is handed
 * over. Not thread safe: one thread polls it.
 */
public final class JournalTailer implements AutoCloseable
{
    /** Chronicle metadata documents (index arrays, padding) stepped over after the end, at most. */
    private static final int MAX_END_STEPS = 64;

    private final Journal journal;
    private final ExcerptTailer tailer;
    private byte[] scratch = new byte[8192];
    private final UnsafeBuffer scratchBuffer = new UnsafeBuffer(scratch);
    private final CompactBatchCodec compact = new CompactBatchCodec();
    /** One batch decoded from a compact excerpt, in the engine's layout. */
    private final UnsafeBuffer decoded = new UnsafeBuffer(new byte[MovementDescriptor.MAX_BATCH_LENGTH * 2]);
    private int delivered;
    private final ExcerptCodec codec = new ExcerptCodec();
    private long lastIndex;
    /** The cycle file of the last excerpt read (or skipped to start after), and where that excerpt ends in it. */
    private File endFile;
    private long endPosition = -1;
    private boolean atEnd;

    JournalTailer(final Journal journal, final ExcerptTailer tailer, final long afterIndex, final Bytes<?> startFile,
        final long startEnd)
    {
        this.journal = journal;
        this.tailer = tailer;
        this.lastIndex = afterIndex;
        noteEnd(startFile, startEnd);
    }

    /**
     * Reads the batches after the last one read, in order, until the end of what the writer has finished,
     * {@code limit} batches, or the consumer returning false.
     *
     * @param consumer receives each batch; return false to stop after it (the rest of its excerpt is skipped:
     *                 a tailer resumes at the next excerpt).
     * @param limit    most batches to read in this call.
     * @return the number of batches handed to the consumer (0 at the end of the journal).
     * @throws JournalException if an excerpt is of a newer format, fails its checksum, lacks one where the journal
     *                          requires it, or does not hold what its header declares.
     */
    public long poll(final Journal.BatchConsumer consumer, final long limit)
    {
        long batches = 0;
        atEnd = false;
        while (batches < limit)
        {
            try (DocumentContext context = tailer.readingDocument())
            {
                if (!context.isPresent())
                {
                    atEnd = true;
                    break;
                }
                final long index = context.index();
                final Bytes<?> bytes = context.wire().bytes();
                final int excerptLength = (int)bytes.readRemaining();
                noteEnd(bytes, bytes.readPosition() + excerptLength);
                ensureScratch(excerptLength);
                bytes.read(scratch, 0, excerptLength);
                checkExcerpt(index, excerptLength);
                final int payload = codec.payloadOffset();
                final int length = codec.payloadLength();
                if (length == 0)
                {
                    throw damaged(index, "it holds no batch; a writer never writes an empty excerpt");
                }
                lastIndex = index;
                final boolean more = codec.payloadEncoding() == JournalDescriptor.ENCODING_COMPACT ?
                    compactBatches(index, consumer, payload, length) : fixedBatches(index, consumer, payload, length);
                batches += delivered;
                if (!more)
                {
                    break;
                }
            }
        }
        return batches;
    }

    /** Hands over the batches of an excerpt in the engine's layout; counts them in {@link #delivered}. */
    private boolean fixedBatches(
        final long index, final Journal.BatchConsumer consumer, final int payload, final int length)
    {
        delivered = 0;
        boolean more = true;
        for (int at = 0; at < length && more; )
        {
            final int offset = payload + at;
            final int batchLength = length - at < MovementDescriptor.BATCH_HEADER_LENGTH ? -1 :
                MovementDecoder.batchLength(scratchBuffer, offset);
            if (batchLength < MovementDescriptor.BATCH_HEADER_LENGTH || batchLength > length - at)
            {
                throw damaged(index, "it holds a batch of " + batchLength + " bytes at offset " + at +
                    " of " + length);
            }
            delivered++;
            more = consumer.onBatch(index, scratchBuffer, offset, batchLength);
            at += batchLength;
        }
        return more;
    }

    /**
     * Decodes the batches of a compact excerpt back into the engine's layout, one at a time, and hands each over:
     * every reader sees exactly the bytes the engine wrote. Counts them in {@link #delivered}.
     */
    private boolean compactBatches(
        final long index, final Journal.BatchConsumer consumer, final int payload, final int length)
    {
        delivered = 0;
        boolean more = true;
        final int limit = payload + length;
        try
        {
            int at = compact.beginDecode(scratchBuffer, payload, limit);
            while (at < limit && more)
            {
                at = compact.decodeBatch(scratchBuffer, at, limit, decoded);
                delivered++;
                more = consumer.onBatch(index, decoded, 0, MovementDecoder.batchLength(decoded, 0));
            }
        }
        catch (final IllegalStateException ex)
        {
            // Under a valid checksum only a writer's bug gets here; a flipped bit fails the checksum first.
            throw damaged(index, "its compact batches do not decode (" + ex.getMessage() + ")");
        }
        return more;
    }

    /**
     * After a read to the end: refuses a journal whose end Chronicle sees too early because a bit flipped in
     * Chronicle's own header word of a complete excerpt. Chronicle shows nothing from a header marked "not
     * complete" on, and skips a header marked "metadata"; a writer leaves neither over a finished excerpt (it
     * writes "not complete" with an unknown length, then the length alone). So the words after the last excerpt
     * read are looked at in the cycle file: Chronicle's own metadata (index arrays, padding) is stepped over; a
     * "not complete" header with a length, followed by more data or holding a stockcore excerpt, or a metadata
     * header holding a stockcore excerpt, is damage. A writer's unfinished excerpt (unknown length), zeros or the
     * end-of-cycle marker end the journal as before. Not for a tailer following a writer: it reads the file.
     *
     * @throws JournalException if the journal goes on past what Chronicle shows.
     */
    void checkEnd()
    {
        if (endFile == null)
        {
            return;
        }
        final Path file = endFile.toPath();
        final ByteBuffer word = ByteBuffer.allocate(Integer.BYTES + HEADER_LENGTH).order(LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            long position = align(endPosition);
            for (int steps = 0; steps < MAX_END_STEPS; steps++)
            {
                word.clear();
                final int read = channel.read(word, position);
                if (read < Integer.BYTES)
                {
                    return;
                }
                final int header = word.getInt(0);
                if (header == 0 || header == Wires.END_OF_DATA || header == Wires.NOT_COMPLETE_UNKNOWN_LENGTH)
                {
                    return;
                }
                final int length = header & Wires.LENGTH_MASK;
                final boolean excerpt = holdsAnExcerpt(word, read, length);
                final long next = align(position + Integer.BYTES + length);
                if ((header & Wires.NOT_COMPLETE) != 0)
                {
                    if (excerpt || nonZeroAt(channel, next))
                    {
                        throw hidden(file, position, "marked as not complete");
                    }
                    return;
                }
                if ((header & Wires.META_DATA) == 0)
                {
                    return;
                }
                if (excerpt)
                {
                    throw hidden(file, position, "marked as Chronicle metadata");
                }
                position = next;
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException("journal " + journal.dir() + ": cannot read " + file + " after " +
                journal.excerptName(lastIndex) + ": " + ex.getMessage() + "; check the file's permissions", ex);
        }
    }

    private JournalException hidden(final Path file, final long position, final String how)
    {
        return new JournalException("journal " + journal.dir() + ": after " + journal.excerptName(lastIndex) +
            ", the header at byte " + position + " of " + file.getFileName() + " is " + how + " but the bytes " +
            "it frames are a complete excerpt or are followed by more: Chronicle would hide them, so the journal " +
            "is damaged there; restore the journal directory from a backup");
    }

    /** Whether the bytes a header frames are a stockcore excerpt: a known version and its own length. */
    private static boolean holdsAnExcerpt(final ByteBuffer word, final int read, final int length)
    {
        if (read < Integer.BYTES + HEADER_LENGTH)
        {
            return false;
        }
        final int version = word.getInt(Integer.BYTES);
        if (version == FORMAT_VERSION)
        {
            return word.getInt(Integer.BYTES + LENGTH_OFFSET) == length - HEADER_LENGTH;
        }
        return (version == 1 || version == 2) &&
            word.getInt(Integer.BYTES + LEGACY_LENGTH_OFFSET) == length - LEGACY_HEADER_LENGTH;
    }

    private static boolean nonZeroAt(final FileChannel channel, final long position) throws IOException
    {
        final ByteBuffer next = ByteBuffer.allocate(Integer.BYTES).order(LITTLE_ENDIAN);
        return channel.read(next, position) == Integer.BYTES && next.getInt(0) != 0;
    }

    private static long align(final long position)
    {
        return (position + Integer.BYTES - 1) & -Integer.BYTES;
    }

    private void noteEnd(final Bytes<?> bytes, final long end)
    {
        if (bytes instanceof MappedBytes mapped)
        {
            endFile = mapped.mappedFile().file();
            endPosition = end;
        }
    }

    /**
     * Refuses an excerpt of a newer format, one that fails the codec's checks, with its index and file.
     */
    private void checkExcerpt(final long index, final int excerptLength)
    {
        final int version = excerptLength >= Integer.BYTES ? scratchBuffer.getInt(VERSION_OFFSET, LITTLE_ENDIAN) : 0;
        if (version > FORMAT_VERSION)
        {
            throw journal.newerFormat(version, journal.excerptName(index) +
                "; if no newer stockcore wrote to it, the excerpt is damaged");
        }
        // The first format 3 excerpt met in a journal opened at format 2 means a writer has upgraded it since:
        // read where the checksummed excerpts start, once.
        final String problem = codec.decode(scratchBuffer, excerptLength, index,
            journal.checksummedFrom(version == FORMAT_VERSION));
        if (problem != null)
        {
            throw new JournalException("journal " + journal.dir() + ": " + journal.excerptName(index) + ": " + problem);
        }
    }

    private JournalException damaged(final long index, final String what)
    {
        return new JournalException("journal " + journal.dir() + ": " + journal.excerptName(index) + ": " + what +
            "; it is damaged: restore the journal directory from a backup");
    }

    /** @return whether the last poll stopped because it reached the end of what Chronicle shows. */
    boolean atEnd()
    {
        return atEnd;
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
