package dev.stockcore.bench.orientation;

/**
 * What a closed-loop run measured.
 *
 * @param orders   orders answered in the measured window, accepted or not.
 * @param accepted orders reserved.
 * @param seconds  length of the measured window.
 */
public record ThroughputResult(long orders, long accepted, double seconds)
{
    /**
     * @return orders answered per second.
     */
    public double ordersPerSecond()
    {
        return orders / seconds;
    }

    /**
     * @return accepted over answered, 0 when none were answered.
     */
    public double acceptedFraction()
    {
        return orders == 0 ? 0 : (double)accepted / orders;
    }
}
