package dev.stockcore.journal.catalogue;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.journal.JournalDescriptor;
import dev.stockcore.journal.JournalException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

import static dev.stockcore.journal.catalogue.NameLogDescriptor.*;

/**
 * Reads the names log ({@link NameLogDescriptor}) from the start, handing every checked record to a
 * consumer in file order; stops at the first record that fails its checks and reports the bytes left as
 * a torn tail. Reads only up to the length the file had when reading started, so it runs safely beside
 * the writer, without a lock.
 */
public final class NameLogReader
{
    private static final int CHUNK = 1 << 20;

    private NameLogReader()
    {
    }

    /**
     * Receives the records of the names log.
     */
    @FunctionalInterface
    public interface NameConsumer
    {
        /**
         * @param sku    the SKU, a view valid only during the call.
         * @param name   holds the name's UTF-8 bytes, valid only during the call.
         * @param offset where they start.
         * @param length how many there are; 0 if the record clears the name.
         */
        void onName(CharSequence sku, byte[] name, int offset, int length);
    }

    /**
     * What a read found.
     *
     * @param records     records read and checked.
     * @param validLength where the last checked record ends (where the next append goes), or 0 if the file
     *                    is missing or has no complete header.
     * @param fileLength  the file's length when reading started, 0 if it is missing.
     */
    public record Scan(long records, long validLength, long fileLength)
    {
        /** @return bytes after the last checked record: a torn tail, ignored. */
        public long tornBytes()
        {
            return fileLength - Math.max(validLength, 0);
        }
    }

    /**
     * Reads every record of a journal directory's names log.
     *
     * @param journalDir the journal directory.
     * @param consumer   receives each record, in file order (the last one of a SKU wins).
     * @param warnings   a torn tail or an incomplete header is reported here, one line.
     * @return what was read.
     * @throws JournalException if the file cannot be read, is not a names log, or is of a newer format.
     */
    public static Scan read(final Path journalDir, final NameConsumer consumer, final List<String> warnings)
    {
        final Path file = journalDir.resolve(JournalDescriptor.NAMES_FILE);
        if (!Files.exists(file))
        {
            return new Scan(0, 0, 0);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size < HEADER_LENGTH)
            {
                if (size > 0)
                {
                    warnings.add(file + " has an incomplete header (" + size + " bytes: the process creating it " +
                        "stopped); no names loaded, the next import rewrites it");
                }
                return new Scan(0, 0, size);
            }
            final Scan scan = new Chunks(channel, size).records(file, consumer);
            if (scan.tornBytes() > 0)
            {
                warnings.add("ignored the last " + scan.tornBytes() + " bytes of " + file + " (from offset " +
                    scan.validLength() + "): they are not complete, checked records (a write cut short by a " +
                    "crash, or one still in progress); if names are missing, import them again");
            }
            return scan;
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot read " + file + ": " + ex + "; check its permissions", ex);
        }
    }

    /** The file read through one buffer, refilled as records are consumed. */
    private static final class Chunks
    {
        private final FileChannel channel;
        private final long size;
        private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();
        private final AsciiSequence sku = new AsciiSequence();
        private long bufferStart;

        Chunks(final FileChannel channel, final long size)
        {
            this.channel = channel;
            this.size = size;
            buffer.limit(0);
        }

        Scan records(final Path file, final NameConsumer consumer) throws IOException
        {
            ensure(HEADER_LENGTH);
            final long magic = buffer.getLong();
            final int version = buffer.getInt(buffer.position());
            buffer.position(HEADER_LENGTH);
            if (magic != MAGIC)
            {
                throw new JournalException(file + " is not a stockcore names log (it does not start with STKNAMES); " +
                    "move it out of the journal directory, then import the names again from an inventory file");
            }
            if (version > FILE_VERSION)
            {
                throw new JournalException(file + " was written in names format version " + version + ", but this " +
                    "build reads version " + FILE_VERSION + "; use a newer stockcore to read it");
            }
            long records = 0;
            long validLength = HEADER_LENGTH;
            final byte[] body = new byte[MAX_BODY_LENGTH];
            while (ensure(BODY_OFFSET))
            {
                final int start = buffer.position();
                final int bodyLength = buffer.getInt(start + BODY_LENGTH_OFFSET);
                final int expectedCrc = buffer.getInt(start + CRC_OFFSET);
                if (bodyLength < 2 || bodyLength > MAX_BODY_LENGTH || !ensure(BODY_OFFSET + bodyLength))
                {
                    break;
                }
                final int at = buffer.position();
                crc.reset();
                crc.update(buffer.array(), at + BODY_LENGTH_OFFSET, 4);
                crc.update(buffer.array(), at + BODY_OFFSET, bodyLength);
                final int skuLength = buffer.get(at + BODY_OFFSET) & 0xFF;
                if ((int)crc.getValue() != expectedCrc || skuLength < 1 || skuLength > EngineLimits.MAX_SKU_LENGTH ||
                    skuLength + 1 > bodyLength)
                {
                    break;
                }
                System.arraycopy(buffer.array(), at + BODY_OFFSET + 1, body, 0, bodyLength - 1);
                final int nameLength = bodyLength - 1 - skuLength;
                consumer.onName(sku.wrap(body, 0, skuLength), body, skuLength, nameLength);
                buffer.position(at + BODY_OFFSET + bodyLength);
                validLength = bufferStart + buffer.position();
                records++;
            }
            return new Scan(records, validLength, size);
        }

        /**
         * Makes the next {@code bytes} bytes of the file available from the buffer's position on.
         *
         * @return false if the file ends before them.
         */
        private boolean ensure(final int bytes) throws IOException
        {
            if (buffer.remaining() >= bytes)
            {
                return true;
            }
            if (bufferStart + buffer.limit() - buffer.remaining() + bytes > size)
            {
                return false;
            }
            bufferStart += buffer.position();
            buffer.compact();
            while (buffer.position() < bytes)
            {
                final long fileOffset = bufferStart + buffer.position();
                final int want = (int)Math.min(buffer.remaining(), size - fileOffset);
                final ByteBuffer window = buffer.duplicate();
                window.limit(window.position() + want);
                final int read = channel.read(window, fileOffset);
                if (read <= 0)
                {
                    buffer.flip();
                    return false;
                }
                buffer.position(buffer.position() + read);
            }
            buffer.flip();
            return true;
        }
    }
}
