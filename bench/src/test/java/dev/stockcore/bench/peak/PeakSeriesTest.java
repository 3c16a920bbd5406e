package dev.stockcore.bench.peak;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PeakSeriesTest
{
    @Test
    void shouldReportTheHighestUnsaturatedRateWhoseP999StayedUnderOneMillisecond()
    {
        final PeakSeries series = new PeakSeries("engine", "peak");
        series.add(result(100_000, 20_000, false));
        series.add(result(500_000, 900_000, false));
        series.add(result(1_000_000, 1_500_000, false));
        series.add(result(2_000_000, 30_000, true));

        assertEquals(500_000, series.highestRateHeld());
        assertEquals(500_000, series.at(500_000).targetRate());
        assertNull(series.at(250_000));
        assertEquals(1_000_000, series.highestAchievedUnsaturated(), 0.0);
    }

    @Test
    void shouldReportNoRateHeldWhenEveryRateMissed()
    {
        final PeakSeries series = new PeakSeries("engine", "peak");
        series.add(result(100_000, 2_000_000, false));
        assertEquals(0, series.highestRateHeld());
    }

    private static RateResult result(final long rate, final long latencyNanos, final boolean saturated)
    {
        final Histogram histogram = new Histogram(1, LatencyRecorder.HIGHEST_TRACKABLE_NANOS, 3);
        histogram.recordValueWithCount(latencyNanos, 10_000);
        return new RateResult(rate, rate, rate, 2 * rate, 0, 0, 0, histogram, saturated);
    }
}
