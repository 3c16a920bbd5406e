package dev.stockcore.journal.catalogue;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.journal.JournalDescriptor;
import dev.stockcore.journal.JournalException;
import dev.stockcore.journal.JournaledEngine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import static dev.stockcore.journal.catalogue.NameLogDescriptor.*;

/**
 * Appends (SKU, name) records to the names log ({@link NameLogDescriptor}). Records are buffered and reach
 * the disk at {@link #force()}, which a caller runs before it reports the names as set. Opening cuts off a
 * torn tail left by a crash, so that the new records follow the last checked one.
 * <p>
 * Only the journal's writer may append: {@link #open} takes the open {@link JournaledEngine} as proof that
 * this process holds the writer lock. Single threaded.
 */
public final class NameLogWriter implements AutoCloseable
{
    private static final int CHUNK = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    private final byte[] record = new byte[BODY_OFFSET + MAX_BODY_LENGTH];
    private final ByteBuffer recordView = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private final long truncatedBytes;
    private long appended;

    private NameLogWriter(final Path file, final FileChannel channel, final long truncatedBytes)
    {
        this.file = file;
        this.channel = channel;
        this.truncatedBytes = truncatedBytes;
    }

    /**
     * Opens the names log of a journal for appending, creating it if it is missing.
     *
     * @param writer      the open journaled engine: this process holds the writer lock.
     * @param validLength where the last checked record ends, from {@link NameLogReader.Scan#validLength()}
     *                    (or {@link ProductCatalogue#validLength()}) read under the same lock; anything after it
     *                    is a torn tail and is cut off.
     * @return the writer.
     * @throws JournalException if the file cannot be created or written.
     */
    public static NameLogWriter open(final JournaledEngine writer, final long validLength)
    {
        final Path dir = writer.journal().dir();
        final Path file = dir.resolve(JournalDescriptor.NAMES_FILE);
        FileChannel channel = null;
        try
        {
            final boolean existed = Files.exists(file);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            final long size = channel.size();
            final long keep = validLength >= HEADER_LENGTH ? Math.min(validLength, size) : 0;
            if (keep < size)
            {
                channel.truncate(keep);
            }
            if (keep == 0)
            {
                final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
                header.putLong(MAGIC).putInt(FILE_VERSION).putInt(0).flip();
                while (header.hasRemaining())
                {
                    channel.write(header, header.position());
                }
                channel.force(true);
                if (!existed)
                {
                    forceDirectory(dir);
                }
            }
            channel.position(Math.max(keep, HEADER_LENGTH));
            return new NameLogWriter(file, channel, size - keep);
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new JournalException("cannot open " + file + " for writing: " + ex + "; check free disk space and " +
                "the permissions of " + dir, ex);
        }
    }

    /** @return bytes of torn tail cut off when this was opened. */
    public long truncatedBytes()
    {
        return truncatedBytes;
    }

    /** @return records appended through this writer. */
    public long appended()
    {
        return appended;
    }

    /** @return the names log file. */
    public Path file()
    {
        return file;
    }

    /**
     * Appends a record: from now on (once forced) the SKU's name is this one.
     *
     * @param sku  a valid SKU.
     * @param name the name, at most {@link NameLogDescriptor#MAX_NAME_LENGTH} characters; null or empty
     *             clears it.
     * @throws IllegalArgumentException if the SKU is not valid or the name too long.
     * @throws JournalException         if the file cannot be written.
     */
    public void append(final CharSequence sku, final String name)
    {
        if (name != null && name.length() > MAX_NAME_LENGTH)
        {
            throw new IllegalArgumentException("name of " + sku + " is " + name.length() + " characters long, more " +
                "than " + MAX_NAME_LENGTH);
        }
        final byte[] bytes = name == null ? new byte[0] : name.getBytes(StandardCharsets.UTF_8);
        append(sku, bytes, 0, bytes.length);
    }

    /**
     * Appends a record from a name already encoded.
     *
     * @param sku    a valid SKU.
     * @param name   holds the name's UTF-8 bytes.
     * @param offset where they start.
     * @param length how many, at most {@link NameLogDescriptor#MAX_NAME_BYTES}; 0 clears the name.
     * @throws IllegalArgumentException if the SKU is not valid or the name too long.
     * @throws JournalException         if the file cannot be written.
     */
    public void append(final CharSequence sku, final byte[] name, final int offset, final int length)
    {
        if (!EngineLimits.isValidSku(sku))
        {
            throw new IllegalArgumentException("not a valid SKU: " + sku);
        }
        if (length > MAX_NAME_BYTES)
        {
            throw new IllegalArgumentException("name of " + sku + " is " + length + " bytes long, more than " +
                MAX_NAME_BYTES);
        }
        final int skuLength = sku.length();
        final int bodyLength = 1 + skuLength + length;
        recordView.putInt(BODY_LENGTH_OFFSET, bodyLength);
        record[BODY_OFFSET] = (byte)skuLength;
        for (int i = 0; i < skuLength; i++)
        {
            record[BODY_OFFSET + 1 + i] = (byte)sku.charAt(i);
        }
        System.arraycopy(name, offset, record, BODY_OFFSET + 1 + skuLength, length);
        crc.reset();
        crc.update(record, BODY_LENGTH_OFFSET, 4);
        crc.update(record, BODY_OFFSET, bodyLength);
        recordView.putInt(CRC_OFFSET, (int)crc.getValue());
        final int recordLength = BODY_OFFSET + bodyLength;
        if (buffer.remaining() < recordLength)
        {
            drain();
        }
        buffer.put(record, 0, recordLength);
        appended++;
    }

    /**
     * Writes the buffered records and forces the file to disk: once this returns, they survive a crash or a
     * power loss.
     *
     * @throws JournalException if the file cannot be written.
     */
    public void force()
    {
        drain();
        try
        {
            channel.force(false);
        }
        catch (final IOException ex)
        {
            throw failed(ex);
        }
    }

    /**
     * Closes the file without forcing it: records not forced may be lost in a crash, and are ignored then.
     */
    @Override
    public void close()
    {
        try
        {
            drain();
        }
        finally
        {
            closeQuietly(channel);
        }
    }

    private void drain()
    {
        buffer.flip();
        try
        {
            while (buffer.hasRemaining())
            {
                channel.write(buffer);
            }
        }
        catch (final IOException ex)
        {
            throw failed(ex);
        }
        finally
        {
            buffer.clear();
        }
    }

    private JournalException failed(final IOException ex)
    {
        return new JournalException("cannot write " + file + ": " + ex + "; check free disk space, then import again " +
            "(the names set by this import may be missing until then)", ex);
    }

    private static void forceDirectory(final Path dir)
    {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ignore)
        {
            // Some file systems cannot open a directory for fsync; the file's own force still holds its bytes.
        }
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (channel == null)
        {
            return;
        }
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // Closing after a failure: the failure is what gets reported.
        }
    }
}
