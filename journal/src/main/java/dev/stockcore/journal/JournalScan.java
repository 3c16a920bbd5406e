package dev.stockcore.journal;

import dev.stockcore.engine.movement.MovementDecoder;
import dev.stockcore.engine.movement.MovementDescriptor;
import dev.stockcore.engine.movement.MovementKind;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.wire.Wires;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;

import static dev.stockcore.engine.movement.MovementDescriptor.BATCH_HEADER_LENGTH;
import static dev.stockcore.engine.movement.MovementDescriptor.MAX_MOVEMENTS_PER_BATCH;
import static dev.stockcore.engine.movement.MovementDescriptor.MOVEMENT_LENGTH;
import static dev.stockcore.engine.movement.MovementDescriptor.KIND_OFFSET;
import static dev.stockcore.engine.movement.MovementDescriptor.SEQUENCE_OFFSET;
import static dev.stockcore.engine.movement.MovementDescriptor.VALUE_OFFSET;
import static dev.stockcore.engine.movement.MovementDescriptor.recordLength;
import static dev.stockcore.journal.JournalDescriptor.FORMAT_VERSION;
import static dev.stockcore.journal.JournalDescriptor.HEADER_LENGTH;
import static dev.stockcore.journal.JournalDescriptor.LEGACY_HEADER_LENGTH;
import static dev.stockcore.journal.JournalDescriptor.VERSION_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Walks the Chronicle Queue cycle files of a journal with plain read-only file access, never through
 * Chronicle, to find where the written data ends and whether it ends cleanly.
 * <p>
 * A cycle file is a sequence of documents, each behind a 4-byte little-endian Chronicle header
 * ({@link Wires}): bit 31 {@code NOT_COMPLETE} (a write not finished), bit 30 {@code META_DATA} (Chronicle's own
 * header and index blocks), the low 30 bits the length; the next header follows at the next 4-byte boundary.
 * The written data ends at a zero header (the rest of the file is preallocated space) or at the
 * {@code END_OF_DATA} marker of a rolled cycle. So a file that ends before either, a header that says
 * not-complete, or a data document that is not a whole stockcore excerpt (format version, length and the
 * framing and sequences of its movement batches, see {@link JournalDescriptor}) is damage: a torn tail
 * (disk full, a file cut short) that Chronicle's own reader would silently treat as the end of the journal.
 * The scan never maps beyond a file's size, so a truncated file cannot fault the JVM.
 */
final class JournalScan
{
    /** Chronicle's roll cycle file suffix. */
    static final String CYCLE_SUFFIX = ".cq4";
    /** Chronicle's metadata file. */
    static final String METADATA_FILE = "metadata.cq4t";
    private static final long WINDOW = 64L << 20;
    private static final long PAGE = 4096;

    /** What is wrong at the end of a cycle file. */
    enum Damage
    {
        /** The data ends cleanly. */
        NONE("intact"),
        /** The file ends inside the written data. */
        TRUNCATED("the file is cut short inside its written data"),
        /** A Chronicle header says the write never finished. */
        INCOMPLETE("its Chronicle header says the write never finished (not-complete)"),
        /** A complete Chronicle header around zero bytes, from a page boundary on. */
        ZERO_FILLED("the excerpt is zero-filled (its bytes never reached the disk)"),
        /** A complete Chronicle header around bytes that are not a stockcore excerpt: bit rot, not a torn write. */
        GARBAGE("the excerpt is not a valid stockcore excerpt"),
        /** The file does not start with a Chronicle header. */
        BAD_FILE_HEADER("it does not start with a Chronicle Queue header");

        private final String text;

        Damage(final String text)
        {
            this.text = text;
        }

        /** @return the words for a message. */
        String text()
        {
            return text;
        }
    }

    /**
     * What the scan found in one cycle file.
     *
     * @param file             the cycle file.
     * @param cycle            its cycle number.
     * @param fileSize         its size in bytes.
     * @param excerpts         whole excerpts from its start up to the damage or the end.
     * @param endPosition      where the whole excerpts end (the first byte a repair cuts).
     * @param damage           what is wrong, or {@link Damage#NONE}.
     * @param detail           the specifics of the damage, or empty.
     * @param damagedExcerpts  excerpts (whole or not) from the damage to the end of the written data.
     * @param damagedBytes     bytes of written data from {@code endPosition} on.
     * @param firstSequence    first movement sequence in the file, -1 if none.
     * @param lastSequence     last movement sequence of its whole excerpts (or the one before the file), -1 if unknown.
     * @param maxVersion       newest excerpt format version seen, 0 if none.
     * @param corruptExcerpt   the first excerpt (by its number in the file) that is not a valid stockcore excerpt
     *                         although whole, -1 if none: not a torn write, so readers leave it to the decoder to
     *                         refuse and a repair refuses to cut it.
     * @param corruptDetail    what is wrong with it, or empty.
     */
    record CycleFile(
        Path file,
        int cycle,
        long fileSize,
        long excerpts,
        long endPosition,
        Damage damage,
        String detail,
        long damagedExcerpts,
        long damagedBytes,
        long firstSequence,
        long lastSequence,
        int maxVersion,
        long corruptExcerpt,
        String corruptDetail)
    {
        /** @return whether the data ends cleanly. */
        boolean intact()
        {
            return damage == Damage.NONE;
        }
    }

    private JournalScan()
    {
    }

    /**
     * The cycle files of a queue directory by ascending cycle.
     *
     * @param queueDir  the queue directory.
     * @param rollCycle the journal's roll cycle (names the files).
     * @return the files, empty if none.
     * @throws JournalException if the directory cannot be listed.
     */
    static List<Path> cycleFiles(final Path queueDir, final RollCycle rollCycle)
    {
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(queueDir, "*" + CYCLE_SUFFIX))
        {
            for (final Path file : stream)
            {
                if (Files.isRegularFile(file))
                {
                    files.add(file);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot list " + queueDir + ": " + ex.getMessage() + "; check its permissions", ex);
        }
        // The names are fixed-width dates, so their order is the cycles' order.
        files.sort(null);
        return files;
    }

    /**
     * The cycle number a file name stands for.
     *
     * @param file      a cycle file.
     * @param rollCycle the journal's roll cycle.
     * @return the cycle, or -1 if the name is not one of the roll cycle's.
     */
    static int cycleOf(final Path file, final RollCycle rollCycle)
    {
        final String name = file.getFileName().toString();
        final SimpleDateFormat format = new SimpleDateFormat(rollCycle.format());
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        format.setLenient(false);
        try
        {
            return (int)(format.parse(name.substring(0, name.length() - CYCLE_SUFFIX.length())).getTime() /
                rollCycle.lengthInMillis());
        }
        catch (final ParseException | IndexOutOfBoundsException ex)
        {
            return -1;
        }
    }

    /**
     * Scans one cycle file.
     *
     * @param file        the cycle file.
     * @param cycle       its cycle number.
     * @param previousSequence last movement sequence before this file, -1 if unknown.
     * @return what it found.
     * @throws JournalException if the file cannot be read.
     */
    static CycleFile scan(
        final Path file, final int cycle, final long previousSequence)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            return new Walker(file, cycle, channel, channel.size()).walk(previousSequence);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot read " + file + ": " + ex.getMessage() + "; check its permissions", ex);
        }
    }

    /**
     * Hands over the first {@code count} data excerpts of a cycle file, in order, read with plain positional
     * reads (never mapped), for a repair to copy them. Call it only for excerpts a {@link #scan} found whole.
     *
     * @param file  the cycle file.
     * @param count how many data excerpts.
     * @param sink  receives each excerpt's bytes (the array is reused).
     * @throws JournalException if the file cannot be read or has fewer excerpts.
     */
    static void readExcerpts(final Path file, final long count, final ExcerptSink sink)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ByteBuffer header = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            byte[] bytes = new byte[256];
            long position = 0;
            long copied = 0;
            while (copied < count)
            {
                header.clear();
                readFully(channel, header, position);
                final int value = header.getInt(0);
                final int length = Wires.lengthOf(value);
                if (value == 0 || Wires.isEndOfFile(value) || Wires.isNotComplete(value))
                {
                    throw new JournalException(file + " holds " + copied + " excerpts, not " + count);
                }
                if (Wires.isData(value))
                {
                    if (bytes.length < length)
                    {
                        bytes = new byte[Math.max(length, bytes.length * 2)];
                    }
                    readFully(channel, ByteBuffer.wrap(bytes, 0, length), position + Integer.BYTES);
                    sink.onExcerpt(bytes, length);
                    copied++;
                }
                position = (position + Integer.BYTES + length + 3) & ~3L;
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
    }

    private static void readFully(final FileChannel channel, final ByteBuffer buffer, final long position)
        throws IOException
    {
        long at = position;
        while (buffer.hasRemaining())
        {
            final int read = channel.read(buffer, at);
            if (read < 0)
            {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += read;
        }
    }

    /**
     * Receives excerpts from {@link #readExcerpts}.
     */
    @FunctionalInterface
    interface ExcerptSink
    {
        /**
         * @param bytes  the excerpt (stockcore header and batches), from index 0.
         * @param length its length.
         */
        void onExcerpt(byte[] bytes, int length);
    }

    /**
     * One line for a damaged cycle file: the file, the index, what is wrong, and what to run.
     *
     * @param journalDir the journal directory.
     * @param found      a damaged file's scan.
     * @param index      Chronicle index of its first excerpt that is not whole.
     * @return the message.
     */
    static String message(final Path journalDir, final CycleFile found, final long index)
    {
        return "journal " + journalDir + ": " + journalDir.relativize(found.file()) + " is damaged at index " + index +
            " (0x" + Long.toHexString(index) + ", byte " + found.endPosition() + "): " + found.damage().text() +
            (found.detail().isEmpty() ? "" : " (" + found.detail() + ")") +
            "; run ./stockcore repair --journal " + journalDir;
    }

    /**
     * Reads a file through read-only mappings of at most {@value #WINDOW} bytes, never past its size.
     */
    private static final class Walker
    {
        private final Path file;
        private final int cycle;
        private final FileChannel channel;
        private final long size;
        private MappedByteBuffer window;
        /** The excerpt being checked, copied out of the file, and its decoders (the readers' own). */
        private final UnsafeBuffer excerpt = new UnsafeBuffer(new byte[4096]);
        private final ExcerptCodec codec = new ExcerptCodec();
        private final CompactBatchCodec compact = new CompactBatchCodec();
        private final UnsafeBuffer decoded = new UnsafeBuffer(new byte[MovementDescriptor.MAX_BATCH_LENGTH * 2]);
        private long windowStart;
        private long windowEnd;

        private long excerpts;
        private long corruptExcerpt = -1;
        private String corruptDetail = "";
        private long firstSequence = -1;
        private long lastSequence;
        private int maxVersion;
        private String detail = "";

        Walker(final Path file, final int cycle, final FileChannel channel, final long size)
        {
            this.file = file;
            this.cycle = cycle;
            this.channel = channel;
            this.size = size;
        }

        CycleFile walk(final long previousSequence) throws IOException
        {
            lastSequence = previousSequence;
            if (size < Integer.BYTES)
            {
                detail = "it is " + size + " bytes long";
                return found(0, Damage.TRUNCATED, 0, size);
            }
            final int fileHeader = readInt(0);
            if (fileHeader == 0 || Wires.isNotComplete(fileHeader))
            {
                // A file a writer is creating this instant (a new cycle): nothing written in it yet.
                return found(0, Damage.NONE, 0, 0);
            }
            if (!Wires.isReadyMetaData(fileHeader) || Wires.lengthOf(fileHeader) == 0)
            {
                detail = "its first header is 0x" + Integer.toHexString(fileHeader);
                return found(0, Damage.BAD_FILE_HEADER, 0, size);
            }
            long position = 0;
            while (true)
            {
                if (position + Integer.BYTES > size)
                {
                    detail = "the file is " + size + " bytes long and has no end marker";
                    return found(position, Damage.TRUNCATED, 0, size - position);
                }
                final int header = readInt(position);
                if (header == 0 || Wires.isEndOfFile(header))
                {
                    return found(position, Damage.NONE, 0, 0);
                }
                final int length = Wires.lengthOf(header);
                if (Wires.isNotComplete(header))
                {
                    // The write a process died in (or a live writer is in): never acknowledged, and Chronicle's
                    // next writer takes over its place. Damage only if written documents follow it.
                    final long after = (position + Integer.BYTES + length + 3) & ~3L;
                    if (length == 0 || after + Integer.BYTES > size || readInt(after) == 0)
                    {
                        return found(position, Damage.NONE, 0, 0);
                    }
                    detail = "header 0x" + Integer.toHexString(header) + ", and more documents follow it";
                    return damaged(position, Damage.INCOMPLETE, length);
                }
                final long next = position + Integer.BYTES + length;
                if (next > size)
                {
                    detail = "an excerpt of " + length + " bytes, of which the file holds " + (size - position - Integer.BYTES);
                    return found(position, Damage.TRUNCATED, 1, size - position);
                }
                if (Wires.isData(header))
                {
                    final long start = position + Integer.BYTES;
                    Damage damage = checkExcerpt(start, length);
                    final long zeros = damage == Damage.GARBAGE ? trailingZeros(start, length) : 0;
                    final long pageBoundary = (start + length - zeros + PAGE - 1) & ~(PAGE - 1);
                    if (zeros >= Long.BYTES && pageBoundary < start + length)
                    {
                        // Everything from a page boundary on is zero: those pages never reached the disk (a fault
                        // writing a full file system reads back as zeros). A whole record never ends in 8 zeros.
                        damage = Damage.ZERO_FILLED;
                        detail = "zeros from byte " + (start + length - zeros) + " to its end, across the page at byte " +
                            pageBoundary + "; " + detail;
                    }
                    if (damage == Damage.ZERO_FILLED)
                    {
                        return damaged(position, damage, length);
                    }
                    if (damage == Damage.GARBAGE && corruptExcerpt < 0)
                    {
                        // Not a torn write: bit rot or a bug. The reader's decoder refuses it with its own reason;
                        // a repair must not cut it.
                        corruptExcerpt = excerpts;
                        corruptDetail = detail;
                        lastSequence = -1;
                    }
                    detail = "";
                    excerpts++;
                }
                position = (next + 3) & ~3L;
            }
        }

        /** Counts the documents after a damaged one, so that a repair can say what it cuts. */
        private CycleFile damaged(final long position, final Damage damage, final int length) throws IOException
        {
            long after = 1;
            long end = position + Integer.BYTES + length;
            if (length > 0)
            {
                long next = (end + 3) & ~3L;
                while (next + Integer.BYTES <= size)
                {
                    final int header = readInt(next);
                    if (header == 0 || Wires.isEndOfFile(header) || Wires.lengthOf(header) == 0)
                    {
                        break;
                    }
                    final long following = next + Integer.BYTES + Wires.lengthOf(header);
                    if (following > size)
                    {
                        end = size;
                        after++;
                        break;
                    }
                    if (Wires.isData(header))
                    {
                        after++;
                    }
                    end = following;
                    next = (following + 3) & ~3L;
                }
            }
            return found(position, damage, after, Math.min(end, size) - position);
        }

        private Damage checkExcerpt(final long start, final int length) throws IOException
        {
            if (length < LEGACY_HEADER_LENGTH)
            {
                detail = "it is " + length + " bytes long";
                return allZero(start, length) ? Damage.ZERO_FILLED : Damage.GARBAGE;
            }
            final int version = readInt(start + VERSION_OFFSET);
            if (version == 0 && allZero(start, length))
            {
                return Damage.ZERO_FILLED;
            }
            if (version < 1 || version > FORMAT_VERSION)
            {
                detail = "format version " + version;
                return Damage.GARBAGE;
            }
            if (excerpt.capacity() < length)
            {
                excerpt.wrap(new byte[Math.max(length, excerpt.capacity() * 2)]);
            }
            for (int i = 0; i < length; i++)
            {
                excerpt.putByte(i, readByte(start + i));
            }
            // The same checks as every reader's (length, CRC32C, encoding); no index rule here: a scan walks
            // positions, and the readers apply the checksummed-from rule by index.
            final String problem = codec.decode(excerpt, length, -1, Long.MAX_VALUE);
            if (problem != null)
            {
                detail = problem;
                return Damage.GARBAGE;
            }
            final int payload = codec.payloadOffset();
            final int limit = payload + codec.payloadLength();
            final boolean compactPayload = codec.payloadEncoding() == JournalDescriptor.ENCODING_COMPACT;
            int at = compactPayload ? compact.beginDecode(excerpt, payload, limit) : payload;
            while (at < limit)
            {
                final DirectBuffer batch;
                final int offset;
                if (compactPayload)
                {
                    try
                    {
                        at = compact.decodeBatch(excerpt, at, limit, decoded);
                    }
                    catch (final IllegalStateException ex)
                    {
                        detail = ex.getMessage();
                        return Damage.GARBAGE;
                    }
                    batch = decoded;
                    offset = 0;
                }
                else
                {
                    batch = excerpt;
                    offset = at;
                    if (at + BATCH_HEADER_LENGTH > limit || MovementDecoder.batchLength(excerpt, at) < BATCH_HEADER_LENGTH ||
                        MovementDecoder.batchLength(excerpt, at) > limit - at)
                    {
                        detail = "a batch at byte " + (start + at) + " runs past the excerpt";
                        return Damage.GARBAGE;
                    }
                    at += MovementDecoder.batchLength(excerpt, at);
                }
                final int batchLength = MovementDecoder.batchLength(batch, offset);
                final int count = MovementDecoder.batchCount(batch, offset);
                if (batchLength < BATCH_HEADER_LENGTH + MOVEMENT_LENGTH || count < 1 || count > MAX_MOVEMENTS_PER_BATCH)
                {
                    detail = "a batch of excerpt byte " + start + " says " + batchLength + " bytes and " + count +
                        " movements";
                    return Damage.GARBAGE;
                }
                final long sequence = batch.getLong(offset + BATCH_HEADER_LENGTH + SEQUENCE_OFFSET, LITTLE_ENDIAN);
                if (sequence < 1 || (lastSequence >= 0 && sequence != lastSequence + 1))
                {
                    detail = "a batch of the excerpt at byte " + start + " starts at sequence " + sequence + " after " +
                        lastSequence;
                    return Damage.GARBAGE;
                }
                final String records = checkRecords(batch, offset, batchLength, count, sequence);
                if (records != null)
                {
                    detail = records;
                    return Damage.GARBAGE;
                }
                if (firstSequence < 0)
                {
                    firstSequence = sequence;
                }
                lastSequence = sequence + count - 1;
            }
            maxVersion = Math.max(maxVersion, version);
            return Damage.NONE;
        }

        /**
         * Each record of a batch (in the engine's layout): consecutive sequences, a known kind, the records filling
         * the batch exactly.
         */
        private String checkRecords(
            final DirectBuffer batch, final int offset, final int batchLength, final int count, final long sequence)
        {
            final int end = offset + batchLength;
            int record = offset + BATCH_HEADER_LENGTH;
            for (int i = 0; i < count; i++)
            {
                if (record + MOVEMENT_LENGTH > end)
                {
                    return "record " + i + " of a batch runs past the batch";
                }
                final long recordSequence = batch.getLong(record + SEQUENCE_OFFSET, LITTLE_ENDIAN);
                final int kind = batch.getShort(record + KIND_OFFSET, LITTLE_ENDIAN);
                if (recordSequence == 0 && kind == 0)
                {
                    return "zeros from movement sequence " + (sequence + i);
                }
                if (recordSequence != sequence + i || MovementKind.fromCode(kind) == null)
                {
                    return "a record has sequence " + recordSequence + " and kind " + kind + " where sequence " +
                        (sequence + i) + " was expected";
                }
                final long skuLength = kind == MovementKind.PRODUCT_ADDED.code() ?
                    batch.getLong(record + VALUE_OFFSET, LITTLE_ENDIAN) : 0;
                if (skuLength < 0 || skuLength > batchLength)
                {
                    return "a record says a SKU of " + skuLength + " bytes";
                }
                record += recordLength((int)skuLength);
            }
            return record == end ? null : "the records of a batch end at byte " + record + ", not at its end " + end;
        }

        private long trailingZeros(final long start, final int length) throws IOException
        {
            long zeros = 0;
            for (long i = start + length - 1; i >= start && readByte(i) == 0; i--)
            {
                zeros++;
            }
            return zeros;
        }

        private boolean allZero(final long start, final int length) throws IOException
        {
            for (long i = start, end = start + length; i < end; i++)
            {
                if (readByte(i) != 0)
                {
                    return false;
                }
            }
            return true;
        }

        private CycleFile found(final long end, final Damage damage, final long damagedExcerpts, final long damagedBytes)
        {
            return new CycleFile(file, cycle, size, excerpts, end, damage, detail, damagedExcerpts, damagedBytes,
                firstSequence, lastSequence, maxVersion, corruptExcerpt, corruptDetail);
        }

        private int readInt(final long position) throws IOException
        {
            map(position, Integer.BYTES);
            return window.getInt((int)(position - windowStart));
        }

        private short readShort(final long position) throws IOException
        {
            map(position, Short.BYTES);
            return window.getShort((int)(position - windowStart));
        }

        private long readLong(final long position) throws IOException
        {
            map(position, Long.BYTES);
            return window.getLong((int)(position - windowStart));
        }

        private byte readByte(final long position) throws IOException
        {
            map(position, 1);
            return window.get((int)(position - windowStart));
        }

        private void map(final long position, final int bytes) throws IOException
        {
            if (window != null && position >= windowStart && position + bytes <= windowEnd)
            {
                return;
            }
            windowStart = position & ~0xFFFL;
            windowEnd = Math.min(size, windowStart + WINDOW);
            window = channel.map(FileChannel.MapMode.READ_ONLY, windowStart, windowEnd - windowStart);
            window.order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
