package dev.stockcore.runtime;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.function.ObjLongConsumer;

/**
 * Reads a runtime's {@value StatFileDescriptor#FILE_NAME} from any process, while the runtime runs or after it
 * stopped: its counters, its acknowledgement latency histogram and its state. Maps the file read-only and never
 * writes; close it to unmap.
 * <p>
 * {@link #state()}: CLOSED and FAILED as the file says; RUNNING when the file says so and its writer's process is
 * alive (same pid, started no later than the file), else NOT_RUNNING: the writer died without closing.
 */
public final class StatFileReader implements AutoCloseable
{
    private static final long PROCESS_START_SLACK_MILLIS = 2_000;

    private final Path file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private final CountersReader counters;
    private final AckLatencyHistogram ackLatency;

    private StatFileReader(final Path file, final MappedByteBuffer mapped)
    {
        this.file = file;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
        this.counters = new CountersReader(
            new UnsafeBuffer(buffer, StatFileDescriptor.countersMetadataOffset(),
                buffer.getInt(StatFileDescriptor.COUNTERS_METADATA_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN)),
            new UnsafeBuffer(buffer, StatFileDescriptor.countersValuesOffset(),
                buffer.getInt(StatFileDescriptor.COUNTERS_VALUES_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN)));
        this.ackLatency = new AckLatencyHistogram(buffer, StatFileDescriptor.histogramOffset());
    }

    /**
     * @param journalDir a journal directory.
     * @return a reader of its stat file, or empty when there is none, or one still being laid out (version 0).
     * @throws IllegalStateException when the file is not a stat file this version reads (the message says which
     *                               and what to do).
     * @throws UncheckedIOException  when it cannot be read.
     */
    public static Optional<StatFileReader> open(final Path journalDir)
    {
        final Path file = journalDir.resolve(StatFileDescriptor.FILE_NAME);
        if (!Files.isRegularFile(file))
        {
            return Optional.empty();
        }
        final MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size < StatFileDescriptor.HEADER_LENGTH)
            {
                return Optional.empty();
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the stat file " + file + ": " + ex.getMessage() +
                "; check it is readable", ex);
        }
        final UnsafeBuffer header = new UnsafeBuffer(mapped);
        final int version = header.getIntVolatile(StatFileDescriptor.VERSION_OFFSET);
        if (version == 0)
        {
            IoUtil.unmap(mapped);
            return Optional.empty();
        }
        final int expected = StatFileDescriptor.fileLength(AckLatencyHistogram.BUCKET_COUNT);
        if (version != StatFileDescriptor.VERSION || mapped.capacity() < expected ||
            header.getInt(StatFileDescriptor.HISTOGRAM_DIGITS_OFFSET, ByteOrder.LITTLE_ENDIAN) !=
                AckLatencyHistogram.SIGNIFICANT_DIGITS ||
            header.getLong(StatFileDescriptor.HISTOGRAM_HIGHEST_OFFSET, ByteOrder.LITTLE_ENDIAN) !=
                AckLatencyHistogram.HIGHEST_TRACKABLE_NS)
        {
            IoUtil.unmap(mapped);
            throw new IllegalStateException("the stat file " + file + " has layout version " +
                Integer.toUnsignedString(version) + " (" + mapped.capacity() + " bytes); this stockcore reads " +
                "version " + StatFileDescriptor.VERSION + ": use the stockcore of the runtime that wrote it");
        }
        return Optional.of(new StatFileReader(file, mapped));
    }

    /** @return the file read. */
    public Path file()
    {
        return file;
    }

    /** @return the writing process's id. */
    public long pid()
    {
        return buffer.getLong(StatFileDescriptor.PID_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return when the runtime was launched, epoch milliseconds. */
    public long startTimeMillis()
    {
        return buffer.getLong(StatFileDescriptor.START_TIME_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return the runtime's state, NOT_RUNNING when the file says RUNNING but its writer is gone.
     */
    public RuntimeState state()
    {
        switch (buffer.getIntVolatile(StatFileDescriptor.STATE_OFFSET))
        {
            case StatFileDescriptor.STATE_CLOSED:
                return RuntimeState.CLOSED;
            case StatFileDescriptor.STATE_FAILED:
                return RuntimeState.FAILED;
            case StatFileDescriptor.STATE_RUNNING:
                return isWriterAlive() ? RuntimeState.RUNNING : RuntimeState.NOT_RUNNING;
            default:
                return RuntimeState.NOT_RUNNING;
        }
    }

    /**
     * Calls {@code consumer} with each counter's label and value, in the order the runtime allocated them.
     *
     * @param consumer receives (label, value).
     */
    public void forEachCounter(final ObjLongConsumer<String> consumer)
    {
        counters.forEach((counterId, typeId, keyBuffer, label) ->
            consumer.accept(label, counters.getCounterValue(counterId)));
    }

    /**
     * @param label a counter's label, e.g. {@code commands}.
     * @return its value, or -1 if the file has no such counter.
     */
    public long counter(final String label)
    {
        final long[] value = { -1 };
        counters.forEach((counterId, typeId, keyBuffer, name) ->
        {
            if (name.equals(label))
            {
                value[0] = counters.getCounterValue(counterId);
            }
        });
        return value[0];
    }

    /** @return the acknowledgement latency histogram, read in place. */
    public AckLatencyHistogram ackLatency()
    {
        return ackLatency;
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }

    private boolean isWriterAlive()
    {
        // The JDK derives a process's start from the boot time in whole seconds: allow for that, so that only a
        // process started after the runtime (the pid reused once the writer died) counts as another one.
        final Instant latestStart = Instant.ofEpochMilli(startTimeMillis() + PROCESS_START_SLACK_MILLIS);
        return ProcessHandle.of(pid())
            .filter(ProcessHandle::isAlive)
            .map(process -> process.info().startInstant().map(instant -> !instant.isAfter(latestStart)).orElse(true))
            .orElse(false);
    }
}
