package dev.stockcore.bench.peak;

import dev.stockcore.bench.workload.Catalogue;
import dev.stockcore.bench.workload.WorkloadModel;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the simulator on a {@link ManualClock}: time moves only when the schedule is waited for or a target spends
 * it, so the latencies charged and the saturation decided are the same on an idle machine and on a busy one.
 */
class PeakSimulatorTest
{
    private static final WorkloadModel SMALL = WorkloadModel.peak().physicalProducts(1_000).virtualProducts(50);

    private final ManualClock clock = new ManualClock();

    @Test
    void shouldChargeAStallToEveryCommandThatShouldHaveBeenSentDuringIt() throws Exception
    {
        final StallingTarget target = new StallingTarget(clock, 200_000_000L);
        final PeakSeries series = new PeakSimulator(new PeakSimulator.Context().clock(clock)
            .model(SMALL).initialWarmUp(Duration.ZERO).rates(2_000).untilSaturated(false)
            .warmUp(Duration.ZERO).duration(Duration.ofSeconds(1)).poolSize(1_000))
            .run(target);

        final RateResult result = series.results().get(0);
        // The stall is one command, 200 ms long, a third of the way in: an open loop must charge the 400 orders
        // scheduled during it with what they waited, the 300 of its first 150 ms (and their follow-ups) over 50 ms;
        // a closed loop would record one slow command.
        final long slowCommands = result.histogram().getCountBetweenValues(50_000_000L, Long.MAX_VALUE);
        assertTrue(slowCommands >= 300, "commands slower than 50 ms: " + slowCommands);
        assertTrue(result.histogram().getMaxValue() >= 200_000_000L, "max " + result.histogram().getMaxValue());
        assertEquals(0, result.histogram().getValueAtPercentile(50),
            "commands the stall did not hold up were charged nothing");
        assertEquals(2_000, result.orders(), 0);
        assertTrue(target.closed);
    }

    @Test
    void shouldAchieveALowRateWithEveryCommandCompleted() throws Exception
    {
        final StallingTarget target = new StallingTarget(clock, 0);
        final PeakSeries series = new PeakSimulator(new PeakSimulator.Context().clock(clock)
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
     * Saturation by throughput: a target that spends 100 us of the clock's time per command holds 1k orders/s and
     * cannot hold 50k.
     */
    @Test
    void shouldStopTheSeriesAtTheFirstSaturatedRate() throws Exception
    {
        final SlowTarget target = new SlowTarget(clock, 100_000L);
        final PeakSeries series = new PeakSimulator(new PeakSimulator.Context().clock(clock)
            .model(SMALL).initialWarmUp(Duration.ZERO).rates(1_000, 50_000, 100_000).untilSaturated(false)
            .blowUpNanos(Long.MAX_VALUE)
            .warmUp(Duration.ZERO).duration(Duration.ofMillis(300)).poolSize(1_000))
            .run(target);

        assertFalse(series.results().get(0).saturated(), () -> describe(series.results().get(0)));
        assertEquals(2, series.results().size(), "100k/s must not run after 50k/s saturated");
        assertTrue(series.results().get(1).saturated());
        assertTrue(series.results().get(1).achievedRate() < 0.9 * 50_000, () -> describe(series.results().get(1)));
    }

    /**
     * Saturation by latency: one 200 ms stall in a phase of 2,000 orders puts its p99.9 over a 50 ms limit.
     */
    @Test
    void shouldStopTheSeriesAtTheFirstRateWhoseP999BlewUp() throws Exception
    {
        final StallingTarget target = new StallingTarget(clock, 200_000_000L);
        final PeakSeries series = new PeakSimulator(new PeakSimulator.Context().clock(clock)
            .model(SMALL).initialWarmUp(Duration.ZERO).rates(2_000, 4_000).untilSaturated(false)
            .blowUpNanos(50_000_000L)
            .warmUp(Duration.ZERO).duration(Duration.ofSeconds(1)).poolSize(1_000))
            .run(target);

        assertEquals(1, series.results().size(), "4k/s must not run after 2k/s saturated");
        final RateResult result = series.results().get(0);
        assertTrue(result.saturated(), () -> describe(result));
        assertEquals(0, result.unsent(), () -> describe(result));
        assertEquals(2_000, result.achievedRate(), 2_000 * 0.05, () -> describe(result));
    }

    /** Time that moves only when the simulator waits for its schedule or a target spends it: single-threaded. */
    private static final class ManualClock implements NanoClock
    {
        private long now = 1_000_000_000L;

        @Override
        public long nanoTime()
        {
            return now;
        }

        @Override
        public long awaitUntil(final long deadlineNanos)
        {
            now = Math.max(now, deadlineNanos);
            return now;
        }

        void advance(final long nanos)
        {
            now += nanos;
        }
    }

    private static String describe(final RateResult result)
    {
        return String.format("rate %d: achieved %.0f, p99.9 %.0f us, max %.0f us, unsent %d", result.targetRate(),
            result.achievedRate(), result.micros(99.9), result.maxMicros(), result.unsent());
    }

    /** Completes every command at once, except the one a third of the way into the first phase, which stalls. */
    private static final class StallingTarget implements PeakTarget
    {
        private final ManualClock clock;
        private final long stallNanos;
        private LatencyRecorder recorder;
        private long offers;
        boolean closed;

        StallingTarget(final ManualClock clock, final long stallNanos)
        {
            this.clock = clock;
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
            if (++offers == 600)
            {
                clock.advance(stallNanos);
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

    /** Spends a fixed time per command: a target with a hard throughput limit. */
    private static final class SlowTarget implements PeakTarget
    {
        private final ManualClock clock;
        private final long serviceNanos;
        private LatencyRecorder recorder;

        SlowTarget(final ManualClock clock, final long serviceNanos)
        {
            this.clock = clock;
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
            clock.advance(serviceNanos);
            recorder.complete(intendedNanos, true);
            return true;
        }

        @Override
        public void close()
        {
        }
    }
}
