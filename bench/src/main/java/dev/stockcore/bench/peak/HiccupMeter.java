package dev.stockcore.bench.peak;

import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/**
 * The platform's own pauses, measured beside a benchmark so a tail can be judged against the floor it stands on
 * (jHiccup's idea): a thread that does nothing but spin on {@link System#nanoTime()} toward a deadline every
 * {@link #RESOLUTION_NANOS}, and records how late it saw each deadline. It spins rather than sleeps so that what
 * it records is the time it was not running (a vCPU the hypervisor did not schedule, a kernel thread that
 * preempted it, a JVM safepoint), not the timer's slack. A pause of {@code d} is recorded with the expected
 * interval, as jHiccup does, so it counts as {@code d / RESOLUTION} samples: percentiles are shares of time.
 * <p>
 * It keeps one core busy while it runs, so run it only while the measured target leaves a core free
 * ({@link #fits(int)}); otherwise it would measure the benchmark's own threads competing with it, and slow them.
 */
public final class HiccupMeter implements AutoCloseable
{
    /** Interval between deadlines. */
    public static final long RESOLUTION_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

    private final Histogram histogram;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long deadlinesPassed;

    private HiccupMeter(final Histogram histogram)
    {
        this.histogram = histogram;
        this.thread = new Thread(this::spin, "stockcore-hiccup-meter");
        thread.setDaemon(true);
    }

    /**
     * Starts a meter that records into a histogram (in ns) of the caller's, which it owns until {@link #close()}.
     *
     * @param into the histogram to record into.
     * @return the running meter.
     */
    public static HiccupMeter start(final Histogram into)
    {
        final HiccupMeter meter = new HiccupMeter(into);
        meter.thread.start();
        return meter;
    }

    /**
     * Whether a meter can run beside a benchmark without taking a core it needs.
     *
     * @param busyThreads threads the benchmark keeps busy.
     * @return true if the machine has a core more than that.
     */
    public static boolean fits(final int busyThreads)
    {
        return Runtime.getRuntime().availableProcessors() > busyThreads;
    }

    /**
     * @return a histogram fit for this meter: ns, up to an hour, 3 significant digits.
     */
    public static Histogram newHistogram()
    {
        return new Histogram(TimeUnit.HOURS.toNanos(1), 3);
    }

    private void spin()
    {
        long deadline = System.nanoTime() + RESOLUTION_NANOS;
        while (running)
        {
            final long now = System.nanoTime();
            if (now >= deadline)
            {
                histogram.recordValueWithExpectedInterval(now - deadline, RESOLUTION_NANOS);
                deadline = now + RESOLUTION_NANOS;
                deadlinesPassed++;
            }
        }
    }

    /**
     * @return how many deadlines the meter has passed (and recorded) so far.
     */
    public long deadlinesPassed()
    {
        return deadlinesPassed;
    }

    /** Stops the meter; the histogram is complete when this returns. */
    @Override
    public void close()
    {
        running = false;
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
