package dev.stockcore.bench.peak;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The results of a peak series, one per rate in the order they ran, with the table the simulator prints.
 */
public final class PeakSeries
{
    /** The latency bound of the "highest rate held" figure: p99.9 under 1 ms. */
    public static final long HELD_P999_NANOS = 1_000_000L;

    private final String target;
    private final String model;
    private final List<RateResult> results = new ArrayList<>();
    private Histogram platform;
    private String platformHow = "not measured";
    private String journalFileSystem;

    /**
     * @param target the target's name.
     * @param model  the workload model's description.
     */
    public PeakSeries(final String target, final String model)
    {
        this.target = target;
        this.model = model;
    }

    void add(final RateResult result)
    {
        results.add(result);
    }

    /**
     * Sets the platform's pauses measured with this series.
     *
     * @param hiccups the {@link HiccupMeter}'s histogram, in ns.
     * @param how     how it was measured: starts with {@code beside} when beside the series, else says why not.
     */
    public void platform(final Histogram hiccups, final String how)
    {
        this.platform = hiccups;
        this.platformHow = how;
    }

    void journalFileSystem(final String description)
    {
        this.journalFileSystem = description;
    }

    /**
     * @return the platform's own pauses ({@link HiccupMeter}, ns) measured with this series, or null.
     */
    public Histogram platform()
    {
        return platform;
    }

    /**
     * @return how {@link #platform()} was measured: beside the series, or alone before it (and why).
     */
    public String platformHow()
    {
        return platformHow;
    }

    /**
     * @return the file system the target's journal was on, e.g. {@code ext4 (/dev/vda)}, or null without one.
     */
    public String journalFileSystem()
    {
        return journalFileSystem;
    }

    /**
     * Prints the platform's pauses line that goes beside the table.
     *
     * @param out where.
     */
    public void printPlatform(final PrintStream out)
    {
        if (platform == null || platform.getTotalCount() == 0)
        {
            out.println("platform pauses: " + platformHow);
            return;
        }
        out.printf("platform pauses (hiccup meter, %s): p99 %.1f us, p99.9 %.1f us, max %.1f us%n", platformHow,
            platform.getValueAtPercentile(99) / 1e3, platform.getValueAtPercentile(99.9) / 1e3,
            platform.getMaxValue() / 1e3);
    }

    /**
     * @return the target's name.
     */
    public String target()
    {
        return target;
    }

    /**
     * @return the workload model's description.
     */
    public String model()
    {
        return model;
    }

    /**
     * @return the results, in the order the rates ran.
     */
    public List<RateResult> results()
    {
        return Collections.unmodifiableList(results);
    }

    /**
     * @param rate a target rate, orders per second.
     * @return the result at exactly that rate, or null if it did not run.
     */
    public RateResult at(final long rate)
    {
        for (final RateResult result : results)
        {
            if (result.targetRate() == rate)
            {
                return result;
            }
        }
        return null;
    }

    /**
     * @return the highest target rate that was not saturated and held p99.9 under 1 ms, or 0 if none did.
     */
    public long highestRateHeld()
    {
        long best = 0;
        for (final RateResult result : results)
        {
            if (!result.saturated() && result.histogram().getValueAtPercentile(99.9) < HELD_P999_NANOS)
            {
                best = Math.max(best, result.targetRate());
            }
        }
        return best;
    }

    /**
     * @return the highest achieved rate over the rates that were not saturated, orders per second, or 0.
     */
    public double highestAchievedUnsaturated()
    {
        double best = 0;
        for (final RateResult result : results)
        {
            if (!result.saturated())
            {
                best = Math.max(best, result.achievedRate());
            }
        }
        return best;
    }

    /**
     * Prints the table header.
     *
     * @param out where.
     */
    public static void printHeader(final PrintStream out)
    {
        out.printf("%12s %12s %9s %9s %9s %10s %10s %11s %9s  %s%n",
            "target/s", "achieved/s", "p50 us", "p90 us", "p99 us", "p99.9 us", "p99.99 us", "max us", "rejected",
            "note");
    }

    /**
     * Prints one result as a table row.
     *
     * @param out    where.
     * @param result the result.
     */
    public static void printRow(final PrintStream out, final RateResult result)
    {
        final String note = result.unsent() > 0 ? "saturated: gave up on " + result.unsent() + " orders" :
            result.saturated() ? "saturated" : "";
        out.printf("%,12d %,12.0f %9.1f %9.1f %9.1f %10.1f %10.1f %11.1f %,9d  %s%n",
            result.targetRate(), result.achievedRate(), result.micros(50), result.micros(90), result.micros(99),
            result.micros(99.9), result.micros(99.99), result.maxMicros(), result.rejected(), note);
    }

    /**
     * Prints the whole table and the highest rate held.
     *
     * @param out where.
     */
    public void print(final PrintStream out)
    {
        out.println("peak series: target " + target + ", model " + model +
            (journalFileSystem == null ? "" : ", journal on " + journalFileSystem));
        printHeader(out);
        for (final RateResult result : results)
        {
            printRow(out, result);
        }
        printHeld(out);
        printPlatform(out);
    }

    /**
     * Prints the highest rate that held p99.9 under 1 ms.
     *
     * @param out where.
     */
    public void printHeld(final PrintStream out)
    {
        final long held = highestRateHeld();
        out.println(held > 0 ?
            String.format("highest rate that held p99.9 < 1 ms: %,d orders/s", held) :
            "no rate held p99.9 < 1 ms");
    }
}
