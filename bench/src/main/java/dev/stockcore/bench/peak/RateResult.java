package dev.stockcore.bench.peak;

import org.HdrHistogram.Histogram;

/**
 * What one rate of a peak series measured: the rate asked and achieved, the latency histogram (nanoseconds from
 * each command's intended send time) and the counts behind them.
 */
public final class RateResult
{
    private final long targetRate;
    private final double achievedRate;
    private final long orders;
    private final long commands;
    private final long rejected;
    private final long unsent;
    private final long maxLagNanos;
    private final Histogram histogram;
    private final boolean saturated;

    /**
     * @param targetRate   orders per second the schedule asked for.
     * @param achievedRate orders per second sent and completed, over the time from the first intended send to the
     *                     last completion.
     * @param orders       orders sent.
     * @param commands     commands sent (reservations, commits and releases).
     * @param rejected     commands completed but not accepted.
     * @param unsent       orders the generator could not send before it gave up (recorded at their lateness then,
     *                     a lower bound).
     * @param maxLagNanos  how far behind its schedule the generator was at worst.
     * @param histogram    latencies in nanoseconds.
     * @param saturated    whether this rate is beyond what the target sustains.
     */
    public RateResult(
        final long targetRate,
        final double achievedRate,
        final long orders,
        final long commands,
        final long rejected,
        final long unsent,
        final long maxLagNanos,
        final Histogram histogram,
        final boolean saturated)
    {
        this.targetRate = targetRate;
        this.achievedRate = achievedRate;
        this.orders = orders;
        this.commands = commands;
        this.rejected = rejected;
        this.unsent = unsent;
        this.maxLagNanos = maxLagNanos;
        this.histogram = histogram;
        this.saturated = saturated;
    }

    /**
     * @return orders per second asked.
     */
    public long targetRate()
    {
        return targetRate;
    }

    /**
     * @return orders per second achieved.
     */
    public double achievedRate()
    {
        return achievedRate;
    }

    /**
     * @return orders sent.
     */
    public long orders()
    {
        return orders;
    }

    /**
     * @return commands sent.
     */
    public long commands()
    {
        return commands;
    }

    /**
     * @return commands rejected.
     */
    public long rejected()
    {
        return rejected;
    }

    /**
     * @return orders never sent.
     */
    public long unsent()
    {
        return unsent;
    }

    /**
     * @return worst lag of the generator behind its schedule, in ns.
     */
    public long maxLagNanos()
    {
        return maxLagNanos;
    }

    /**
     * @return the latency histogram, in ns.
     */
    public Histogram histogram()
    {
        return histogram;
    }

    /**
     * @return whether the target could not sustain this rate.
     */
    public boolean saturated()
    {
        return saturated;
    }

    /**
     * @param percentile 0..100.
     * @return the latency at that percentile, in microseconds.
     */
    public double micros(final double percentile)
    {
        return histogram.getValueAtPercentile(percentile) / 1_000.0;
    }

    /**
     * @return the largest latency, in microseconds.
     */
    public double maxMicros()
    {
        return histogram.getMaxValue() / 1_000.0;
    }
}
