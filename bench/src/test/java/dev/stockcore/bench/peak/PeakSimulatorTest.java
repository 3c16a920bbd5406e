package dev.stockcore.bench.peak;

import dev.stockcore.bench.workload.Catalogue;
import dev.stockcore.bench.workload.WorkloadModel;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeakSimulatorTest
{
    private static final WorkloadModel SMALL = WorkloadModel.peak().physicalProducts(1_000).virtualProducts(50);

    @Test
    void shouldChargeAStallToEveryCommandThatShouldHaveBeenSentDuringIt() throws Exception
    {
        final StallingTarget target = new StallingTarget(200_000_000L);
        final PeakSeries series = new PeakSimulator(new PeakSimulator.Context()
            .model(SMALL).initialWarmUp(Duration.ZERO).rates(2_000).untilSaturated(false)
            .warmUp(Duration.ZERO).duration(Duration.ofSeconds(1)).poolSize(1_000))
            .run(target);

        final RateResult result = series.results().get(0);
        // The stall is one command, 200 ms long, a third of the way in: an open loop must charge the ~400 orders
        // scheduled during it with what they waited; a closed loop would record one slow command.
        final long slowCommands = result.histogram().getCountBetweenValues(50_000_000L, Long.MAX_VALUE);
        assertTrue(slowCommands > 200, "commands slower than 50 ms: " + slowCommands);
        assertTrue(result.histogram().getMaxValue() >= 200_000_000L, "max " + result.histogram().getMaxValue());
        assertEquals(2_000, result.orders(), 0);
        assertTrue(target.closed);
    }

    @Test
    void shouldAchieveALowRateWithEveryCommandCompleted() throws Exception
    {
        final StallingTarget target = new StallingTarget(0);
        final PeakSeries series = new PeakSimulator(new PeakSimulator.Context()
            .model(SMALL).initialWarmUp(Duration.ZERO).rates(1_000, 4_000).untilSaturated(false)
            .blowUpNanos(Long.MAX_VALUE)
            .warmUp(Duration.ofMillis(100)).duration(Duration.ofMillis(500)).poolSize(1_000))
            .run(target);

        assertEquals(2, series.results().size());
        for (final RateResult result : series.results())
        {
            assertFalse(result.saturated(), () -> describe(result));
            assertEquals(result.targetRate() / 2, result.orders());
            assertEquals(result.targetRate(), result.achievedRate(), result.targetRate() * 0.05);
            assertEquals(result.commands(), result.histogram().getTotalCount());
            assertTrue(result.commands() > result.orders(), "follow-ups were sent too");
        }
    }

    /**
     * Saturation by throughput only: a p99.9 criterion would also trip on a pause of the shared test machine.
     */
    @Test
    void shouldStopTheSeriesAtTheFirstSaturatedRate() throws Exception
    {
        final SlowTarget target = new SlowTarget(100_000L);
        final PeakSeries series = new PeakSimulator(new PeakSimulator.Context()
            .model(SMALL).initialWarmUp(Duration.ZERO).rates(1_000, 50_000, 100_000).untilSaturated(false)
            .blowUpNanos(Long.MAX_VALUE)
            .warmUp(Duration.ZERO).duration(Duration.ofMillis(300)).poolSize(1_000))
            .run(target);

        assertFalse(series.results().get(0).saturated(), () -> describe(series.results().get(0)));
        assertEquals(2, series.results().size(), "100k/s must not run after 50k/s saturated");
        assertTrue(series.results().get(1).saturated());
        assertTrue(series.results().get(1).achievedRate() < 0.9 * 50_000);
    }

    private static String describe(final RateResult result)
    {
        return String.format("rate %d: achieved %.0f, p99.9 %.0f us, max %.0f us, unsent %d", result.targetRate(),
            result.achievedRate(), result.micros(99.9), result.maxMicros(), result.unsent());
    }

    /** Completes every command at once, except the one a third of the way into the first phase, which spins. */
    private static final class StallingTarget implements PeakTarget
    {
        private final long stallNanos;
        private LatencyRecorder recorder;
        private long offers;
        boolean closed;

        StallingTarget(final long stallNanos)
        {
            this.stallNanos = stallNanos;
        }

        @Override
        public String name()
        {
            return "stalling";
        }

        @Override
        public void setUp(final Catalogue catalogue)
        {
        }

        @Override
        public void start(final LatencyRecorders recorders)
        {
            recorder = recorders.newRecorder("test");
        }

        @Override
        public boolean offer(final PeakRequest request, final long intendedNanos)
        {
            if (++offers == 600 && stallNanos > 0)
            {
                final long until = System.nanoTime() + stallNanos;
                while (System.nanoTime() < until)
                {
                    Thread.onSpinWait();
                }
            }
            recorder.complete(intendedNanos, true);
            return true;
        }

        @Override
        public void close()
        {
            closed = true;
        }
    }

    /** Spins for a fixed time per command: a target with a hard throughput limit. */
    private static final class SlowTarget implements PeakTarget
    {
        private final long serviceNanos;
        private LatencyRecorder recorder;

        SlowTarget(final long serviceNanos)
        {
            this.serviceNanos = serviceNanos;
        }

        @Override
        public String name()
        {
            return "slow";
        }

        @Override
        public void setUp(final Catalogue catalogue)
        {
        }

        @Override
        public void start(final LatencyRecorders recorders)
        {
            recorder = recorders.newRecorder("test");
        }

        @Override
        public boolean offer(final PeakRequest request, final long intendedNanos)
        {
            final long until = System.nanoTime() + serviceNanos;
            while (System.nanoTime() < until)
            {
                Thread.onSpinWait();
            }
            recorder.complete(intendedNanos, true);
            return true;
        }

        @Override
        public void close()
        {
        }
    }
}
