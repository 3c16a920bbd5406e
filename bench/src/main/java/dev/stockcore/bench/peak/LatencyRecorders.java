package dev.stockcore.bench.peak;

import org.HdrHistogram.Histogram;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Hands a {@link LatencyRecorder} to each thread that completes commands and merges what they recorded. Taking a
 * recorder allocates; recording does not.
 */
public final class LatencyRecorders
{
    private final CopyOnWriteArrayList<LatencyRecorder> recorders = new CopyOnWriteArrayList<>();
    private final LongSupplier clock;

    /**
     * Recorders that take the time of a completion from {@link System#nanoTime()}.
     */
    public LatencyRecorders()
    {
        this(System::nanoTime);
    }

    /**
     * @param clock where recorders take the time of a completion, on the {@link System#nanoTime()} scale.
     */
    LatencyRecorders(final LongSupplier clock)
    {
        this.clock = clock;
    }

    /**
     * Takes a new recorder for the calling thread. Call once per completing thread, before its first completion.
     *
     * @param owner a name for the thread or role, for diagnostics.
     * @return the recorder, to be used by that thread only.
     */
    public LatencyRecorder newRecorder(final String owner)
    {
        final LatencyRecorder recorder = new LatencyRecorder(owner, clock);
        recorders.add(recorder);
        return recorder;
    }

    /**
     * @return commands completed over every recorder.
     */
    public long completed()
    {
        long sum = 0;
        for (final LatencyRecorder recorder : recorders)
        {
            sum += recorder.completed();
        }
        return sum;
    }

    /**
     * @return commands rejected over every recorder.
     */
    public long rejected()
    {
        long sum = 0;
        for (final LatencyRecorder recorder : recorders)
        {
            sum += recorder.rejected();
        }
        return sum;
    }

    /**
     * Moves everything recorded since the last call into a new histogram.
     *
     * @return the merged interval histogram, in nanoseconds.
     */
    public Histogram drain()
    {
        final Histogram merged = new Histogram(
            1, LatencyRecorder.HIGHEST_TRACKABLE_NANOS, LatencyRecorder.SIGNIFICANT_DIGITS);
        for (final LatencyRecorder recorder : recorders)
        {
            recorder.drainInto(merged);
        }
        return merged;
    }
}
