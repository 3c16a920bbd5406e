package dev.stockcore.runtime;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The writing side of {@value StatFileDescriptor#FILE_NAME} ({@link StatFileDescriptor} draws the layout): lays
 * the file out at launch, holds an exclusive file lock on it while the runtime lives (so a second runtime
 * launched on the same directory, which then fails on the journal's writer lock, cannot clobber the live one's
 * figures), and records the runtime's state. Where the file cannot be this runtime's (locked by another runtime,
 * or a big-endian platform), the same layout lives in memory and {@link #isMapped()} is false.
 */
final class StatFile implements AutoCloseable
{
    private final AtomicBuffer buffer;
    private final MappedByteBuffer mapped;
    private final FileChannel channel;

    private StatFile(final AtomicBuffer buffer, final MappedByteBuffer mapped, final FileChannel channel)
    {
        this.buffer = buffer;
        this.mapped = mapped;
        this.channel = channel;
    }

    /**
     * Maps and lays out a new stat file in the journal directory, or an in-memory one where it cannot.
     *
     * @param journalDir      the journal directory, created if missing.
     * @param pid             the writing process.
     * @param startTimeMillis epoch milliseconds of the launch.
     * @return the stat file, laid out, state RUNNING.
     * @throws UncheckedIOException if the file cannot be created or mapped.
     */
    static StatFile open(final Path journalDir, final long pid, final long startTimeMillis)
    {
        final int length = StatFileDescriptor.fileLength(AckLatencyHistogram.BUCKET_COUNT);
        StatFile file = null;
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN)
        {
            file = mapIfFree(journalDir.resolve(StatFileDescriptor.FILE_NAME), length);
        }
        if (file == null)
        {
            file = new StatFile(new UnsafeBuffer(BufferUtil.allocateDirectAligned(length, BitUtil.CACHE_LINE_LENGTH)),
                null, null);
        }
        file.layOut(pid, startTimeMillis);
        return file;
    }

    private static StatFile mapIfFree(final Path path, final int length)
    {
        FileChannel channel = null;
        try
        {
            Files.createDirectories(path.getParent());
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            FileLock lock;
            try
            {
                lock = channel.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                lock = null;
            }
            if (lock == null)
            {
                channel.close();
                return null;
            }
            // Never truncated: a reader mapping the previous run's file must not fault; the content is zeroed.
            final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
            return new StatFile(new UnsafeBuffer(mapped), mapped, channel);
        }
        catch (final IOException ex)
        {
            if (channel != null)
            {
                try
                {
                    channel.close();
                }
                catch (final IOException suppressed)
                {
                    ex.addSuppressed(suppressed);
                }
            }
            throw new UncheckedIOException("cannot create the stat file " + path + ": " + ex.getMessage() +
                "; check the journal directory is writable and has space", ex);
        }
    }

    private void layOut(final long pid, final long startTimeMillis)
    {
        buffer.putIntVolatile(StatFileDescriptor.VERSION_OFFSET, 0);
        buffer.setMemory(Integer.BYTES, buffer.capacity() - Integer.BYTES, (byte)0);
        buffer.putInt(StatFileDescriptor.STATE_OFFSET, StatFileDescriptor.STATE_RUNNING, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(StatFileDescriptor.PID_OFFSET, pid, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(StatFileDescriptor.START_TIME_OFFSET, startTimeMillis, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(StatFileDescriptor.COUNTERS_METADATA_LENGTH_OFFSET, StatFileDescriptor.COUNTERS_METADATA_LENGTH,
            ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(StatFileDescriptor.COUNTERS_VALUES_LENGTH_OFFSET, StatFileDescriptor.COUNTERS_VALUES_LENGTH,
            ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(StatFileDescriptor.HISTOGRAM_LENGTH_OFFSET,
            StatFileDescriptor.histogramLength(AckLatencyHistogram.BUCKET_COUNT), ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(StatFileDescriptor.HISTOGRAM_DIGITS_OFFSET, AckLatencyHistogram.SIGNIFICANT_DIGITS,
            ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(StatFileDescriptor.HISTOGRAM_HIGHEST_OFFSET, AckLatencyHistogram.HIGHEST_TRACKABLE_NS,
            ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Publishes the layout: called once the counters are allocated, so a reader that sees the version sees them.
     */
    void publish()
    {
        buffer.putIntRelease(StatFileDescriptor.VERSION_OFFSET, StatFileDescriptor.VERSION);
    }

    /** @return the whole file's buffer. */
    AtomicBuffer buffer()
    {
        return buffer;
    }

    /** @return whether the figures are in the journal directory's file (false: in memory only). */
    boolean isMapped()
    {
        return mapped != null;
    }

    /**
     * @param state {@link StatFileDescriptor#STATE_FAILED} or {@link StatFileDescriptor#STATE_CLOSED}; FAILED is
     *              never overwritten.
     */
    void state(final int state)
    {
        if (buffer.getIntVolatile(StatFileDescriptor.STATE_OFFSET) != StatFileDescriptor.STATE_FAILED)
        {
            buffer.putIntRelease(StatFileDescriptor.STATE_OFFSET, state);
        }
    }

    /**
     * Releases the file's lock; the file stays for {@code stockcore stat}. The mapping is not unmapped here but
     * when the runtime is collected: producers still count the RUNTIME_CLOSED answers of a closed runtime,
     * and a write to an unmapped page would crash the JVM.
     */
    @Override
    public void close()
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot close the stat file: " + ex.getMessage(), ex);
            }
        }
    }
}
