package dev.stockcore.bench.peak;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Records the latency of completed commands for one completing thread: an HdrHistogram
 * {@link SingleWriterRecorder} (wait-free, no contended write) plus completion counters that the simulator reads
 * to know when every command sent has completed. Values are nanoseconds from the command's intended send time.
 * Only its owner thread may call {@link #complete}; the simulator reads it from its own thread.
 */
public final class LatencyRecorder
{
    /** Largest latency recorded, 1 hour; longer ones are clamped to it. */
    public static final long HIGHEST_TRACKABLE_NANOS = 3_600_000_000_000L;
    /** Significant digits of the histograms. */
    public static final int SIGNIFICANT_DIGITS = 3;

    private final String owner;
    private final LongSupplier clock;
    private final SingleWriterRecorder recorder =
        new SingleWriterRecorder(1, HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private Histogram interval;

    LatencyRecorder(final String owner, final LongSupplier clock)
    {
        this.owner = owner;
        this.clock = clock;
    }

    /**
     * Records one command's completion, now.
     *
     * @param intendedNanos the intended send time the command was offered with.
     * @param ok            whether the command was accepted (false: rejected, e.g. insufficient stock).
     */
    public void complete(final long intendedNanos, final boolean ok)
    {
        record(clock.getAsLong() - intendedNanos);
        if (!ok)
        {
            rejected.lazySet(rejected.get() + 1);
        }
        completed.lazySet(completed.get() + 1);
    }

    /**
     * Records a latency that is not a completion: the lower bound of a command that was never sent.
     *
     * @param latencyNanos the latency.
     */
    void record(final long latencyNanos)
    {
        recorder.recordValue(Math.max(0, Math.min(latencyNanos, HIGHEST_TRACKABLE_NANOS)));
    }

    /**
     * @return which thread or role owns this recorder.
     */
    public String owner()
    {
        return owner;
    }

    /**
     * @return commands completed so far.
     */
    public long completed()
    {
        return completed.get();
    }

    /**
     * @return commands completed but rejected so far.
     */
    public long rejected()
    {
        return rejected.get();
    }

    /**
     * Adds what was recorded since the last call to {@code into} and starts a new interval.
     *
     * @param into the histogram to add to.
     */
    void drainInto(final Histogram into)
    {
        interval = recorder.getIntervalHistogram(interval);
        into.add(interval);
    }
}
