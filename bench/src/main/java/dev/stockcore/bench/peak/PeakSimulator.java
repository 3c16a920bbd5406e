package dev.stockcore.bench.peak;

import dev.stockcore.bench.workload.FollowUpQueue;
import dev.stockcore.bench.workload.OrderFate;
import dev.stockcore.bench.workload.OrderGenerator;
import dev.stockcore.bench.workload.OrderPool;
import dev.stockcore.bench.workload.WorkloadModel;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * The open-loop peak simulator: a generator thread sends orders on a planned schedule at a fixed rate, whether or
 * not the target keeps up, and every command's latency is measured from its <em>intended</em> send time, so that
 * a target that stalls is charged for every command that should have been sent meanwhile (coordinated omission
 * corrected). A closed loop, which waits for each answer before sending the next, would hide exactly that.
 * <p>
 * Orders are drawn from the model ahead of the run into an {@link OrderPool} ({@link Context#poolSize(int)}) and
 * cycled through with fresh reservation ids, so that drawing them costs the schedule nothing.
 * The series starts with one longer warm-up at the first rate ({@link Context#initialWarmUp(Duration)}), then per
 * rate: a warm-up at that rate (recorded, then discarded), then the measurement. Order {@code i} of a phase is
 * intended at {@code start + i / rate}; right after its reservation the generator sends the follow-up (commit or
 * release, by the order's fate) of the order taken {@code delay} orders earlier, with the same intended time, where
 * {@code delay = clamp(firstRate / 50, 1, 1024)} orders, kept for the whole series, holds a reservation at most
 * 20 ms (less at higher rates), well inside the time-to-live.
 * Orders whose fate is to expire get no follow-up. Rates run in ascending order until one saturates: the achieved
 * rate falls under {@link Context#saturationRatio()} of the target, the p99.9 exceeds
 * {@link Context#blowUpNanos()}, or the generator falls so far behind that it gives up (after twice the phase's
 * duration; the orders it never sent are recorded at their lateness then, a lower bound). With
 * {@link Context#untilSaturated(boolean)} the series goes on doubling the last rate until then.
 * <p>
 * Rates are orders per second; the latency histograms hold every command (reservations and follow-ups).
 * The generator and a synchronous target share one thread; on a machine with few cores, an asynchronous target's
 * threads compete with the generator for them, which its figures include.
 */
public final class PeakSimulator
{
    private static final int MAX_FOLLOW_UP_DELAY = 1024;

    private final Context context;
    private final PeakRequest request = new PeakRequest();
    private OrderPool orders;
    private int nextOrder;
    private long nextReservationId = 1;
    private LatencyRecorder neverSent;

    /**
     * @param context the settings, concluded here.
     */
    public PeakSimulator(final Context context)
    {
        this.context = context.conclude();
    }

    /**
     * Runs the series against a target: sets it up with the model's catalogue, starts it, runs every rate, closes
     * it.
     *
     * @param target the target.
     * @return the results.
     * @throws Exception if the target fails.
     */
    public PeakSeries run(final PeakTarget target) throws Exception
    {
        final WorkloadModel model = context.model();
        final PeakSeries series = new PeakSeries(target.name(), model.toString());
        final NanoClock clock = context.clock();
        final PrintStream out = context.progress();
        orders = new OrderPool(new OrderGenerator(model, context.seed()), context.poolSize());
        final LatencyRecorders recorders = new LatencyRecorders(clock::nanoTime);
        HiccupMeter meter = null;
        final FollowUpQueue followUps =
            new FollowUpQueue((int)Math.max(1, Math.min(MAX_FOLLOW_UP_DELAY, context.rates()[0] / 50)));
        try
        {
            if (out != null)
            {
                out.println("peak series: target " + target.name() + ", model " + model);
            }
            if (target.journalDir() != null)
            {
                series.journalFileSystem(fileSystemOf(target.journalDir()));
                if (out != null)
                {
                    out.println("journal in " + target.journalDir() + ", on " + series.journalFileSystem());
                }
            }
            if (out != null)
            {
                out.printf("setting up %,d products...%n", model.productCount());
            }
            target.setUp(model.catalogue());
            target.start(recorders);
            meter = startPlatformMeter(target, series, out);
            neverSent = recorders.newRecorder("generator (orders never sent)");
            if (context.initialWarmUp().toNanos() > 0)
            {
                if (out != null)
                {
                    out.printf("warming up for %.1f s at %,d/s...%n", context.initialWarmUp().toMillis() / 1e3,
                        context.rates()[0]);
                }
                runPhase(target, recorders, followUps, context.rates()[0], context.initialWarmUp().toNanos());
                recorders.drain();
            }
            if (out != null)
            {
                PeakSeries.printHeader(out);
            }
            long rate = 0;
            for (int i = 0; ; i++)
            {
                if (i < context.rates().length)
                {
                    rate = context.rates()[i];
                }
                else if (context.untilSaturated() && rate * 2 <= context.maxRate())
                {
                    rate *= 2;
                }
                else
                {
                    break;
                }
                if (context.warmUp().toNanos() > 0)
                {
                    runPhase(target, recorders, followUps, rate, context.warmUp().toNanos());
                    recorders.drain();
                }
                final RateResult result = runPhase(target, recorders, followUps, rate, context.duration().toNanos());
                series.add(result);
                if (out != null)
                {
                    PeakSeries.printRow(out, result);
                }
                if (result.saturated())
                {
                    break;
                }
            }
            if (out != null)
            {
                series.printHeld(out);
            }
        }
        finally
        {
            if (meter != null)
            {
                meter.close();
            }
            target.close();
        }
        if (out != null)
        {
            series.printPlatform(out);
        }
        return series;
    }

    /**
     * The platform's pauses: measured beside the series when the generator and the target leave a core free,
     * otherwise alone for a while before it (so the figure is the floor of this machine now, not of the series).
     */
    private HiccupMeter startPlatformMeter(final PeakTarget target, final PeakSeries series, final PrintStream out)
        throws InterruptedException
    {
        if (context.platformAlone().isZero() && !context.platformBeside())
        {
            return null;
        }
        final Histogram hiccups = HiccupMeter.newHistogram();
        final int busy = 1 + target.busyThreads();
        if (context.platformBeside() && HiccupMeter.fits(busy))
        {
            series.platform(hiccups, "beside this series");
            return HiccupMeter.start(hiccups);
        }
        if (out != null)
        {
            out.printf("measuring the platform's pauses alone for %.1f s (the generator and %s keep %d of %d " +
                "cores busy)...%n", context.platformAlone().toMillis() / 1e3, target.name(), busy,
                Runtime.getRuntime().availableProcessors());
        }
        try (HiccupMeter alone = HiccupMeter.start(hiccups))
        {
            Thread.sleep(context.platformAlone().toMillis());
        }
        series.platform(hiccups, "alone for " + context.platformAlone().toMillis() / 1e3 + " s before this " +
            "series: generator + target fill " + busy + " of " + Runtime.getRuntime().availableProcessors() +
            " cores");
        return null;
    }

    private static String fileSystemOf(final Path dir)
    {
        try
        {
            Path existing = dir.toAbsolutePath();
            while (existing != null && !Files.exists(existing))
            {
                existing = existing.getParent();
            }
            final FileStore store = Files.getFileStore(existing);
            return store.type() + " (" + store.name() + ")";
        }
        catch (final IOException | RuntimeException ex)
        {
            return "unknown file system (" + ex.getMessage() + ")";
        }
    }

    private RateResult runPhase(
        final PeakTarget target,
        final LatencyRecorders recorders,
        final FollowUpQueue followUps,
        final long rate,
        final long durationNanos)
    {
        final NanoClock clock = context.clock();
        final double intervalNanos = 1e9 / rate;
        final long ttlMillis = context.model().ttlMillis();
        final long plannedOrders = Math.max(1, (long)(durationNanos / intervalNanos));
        final long completedBefore = recorders.completed();
        final long rejectedBefore = recorders.rejected();
        final long start = clock.nanoTime() + 1_000_000L;
        final long giveUpAt = start + 2 * durationNanos + 1_000_000_000L;
        long commands = 0;
        long maxLag = 0;
        long sent = 0;
        for (; sent < plannedOrders; sent++)
        {
            final long intended = start + (long)(sent * intervalNanos);
            long now = clock.nanoTime();
            if (now >= giveUpAt)
            {
                break;
            }
            if (now < intended)
            {
                now = clock.awaitUntil(intended);
            }
            maxLag = Math.max(maxLag, now - intended);
            final int order = nextOrder;
            nextOrder = order + 1 == orders.size() ? 0 : order + 1;
            final long id = nextReservationId++;
            send(target, request.reserve(orders, order, id, ttlMillis), intended, giveUpAt);
            commands++;
            if (followUps.push(id, orders.fate(order)) && followUps.dueFate() != OrderFate.EXPIRE)
            {
                final long due = followUps.dueId();
                send(target, followUps.dueFate() == OrderFate.COMMIT ? request.commit(due) : request.release(due),
                    intended, giveUpAt);
                commands++;
            }
        }
        final long unsent = plannedOrders - sent;
        if (unsent > 0)
        {
            final long now = clock.nanoTime();
            for (long i = sent; i < plannedOrders; i++)
            {
                neverSent.record(now - (start + (long)(i * intervalNanos)));
            }
        }
        final long drainedAt = awaitCompletions(recorders, completedBefore + commands);
        final Histogram histogram = recorders.drain();
        final double achieved = sent / ((drainedAt - start) / 1e9);
        final boolean saturated = unsent > 0 || achieved < context.saturationRatio() * rate ||
            histogram.getValueAtPercentile(99.9) > context.blowUpNanos();
        return new RateResult(rate, achieved, sent, commands, recorders.rejected() - rejectedBefore, unsent, maxLag,
            histogram, saturated);
    }

    private void send(final PeakTarget target, final PeakRequest request, final long intended, final long giveUpAt)
    {
        int attempts = 0;
        while (!target.offer(request, intended))
        {
            Thread.onSpinWait();
            if ((++attempts & 1023) == 0 && context.clock().nanoTime() > giveUpAt)
            {
                throw new IllegalStateException("target " + target.name() + " has refused every offer since " +
                    "before the phase's give-up time; it is not consuming its commands");
            }
        }
    }

    private long awaitCompletions(final LatencyRecorders recorders, final long expected)
    {
        final NanoClock clock = context.clock();
        final long deadline = clock.nanoTime() + context.drainTimeout().toNanos();
        long now = clock.nanoTime();
        while (recorders.completed() < expected)
        {
            if (now > deadline)
            {
                throw new IllegalStateException((expected - recorders.completed()) + " commands had not completed " +
                    context.drainTimeout().toMillis() + " ms after the last was sent; the target lost them");
            }
            Thread.yield();
            now = clock.nanoTime();
        }
        return now;
    }

    /**
     * The simulator's settings, with fluent setters; {@link #conclude()} checks them and fills defaults.
     */
    public static final class Context
    {
        private long[] rates;
        private boolean untilSaturated = true;
        private long maxRate = 64_000_000L;
        private Duration initialWarmUp = Duration.ofSeconds(2);
        private Duration warmUp = Duration.ofSeconds(1);
        private Duration duration = Duration.ofSeconds(2);
        private WorkloadModel model;
        private long seed = 1;
        private int poolSize = 1 << 20;
        private double saturationRatio = 0.9;
        private long blowUpNanos = 100_000_000L;
        private Duration drainTimeout = Duration.ofSeconds(30);
        private PrintStream progress;
        private NanoClock clock = NanoClock.SYSTEM;
        private boolean platformBeside;
        private Duration platformAlone = Duration.ZERO;

        /**
         * Checks the settings; the model defaults to {@link WorkloadModel#peak()}, the rates to the model's
         * multiplier times 10k, 25k, 50k, 100k, 200k per second.
         *
         * @return this.
         * @throws IllegalArgumentException naming a bad value.
         */
        public Context conclude()
        {
            if (model == null)
            {
                model = WorkloadModel.peak();
            }
            model.conclude();
            if (rates == null)
            {
                rates = defaultRates(model);
            }
            if (rates.length == 0)
            {
                throw new IllegalArgumentException("at least one rate is needed");
            }
            for (int i = 0; i < rates.length; i++)
            {
                if (rates[i] < 1 || (i > 0 && rates[i] <= rates[i - 1]))
                {
                    throw new IllegalArgumentException("rates must be positive and ascending, got " +
                        Arrays.toString(rates));
                }
            }
            if (warmUp.isNegative() || initialWarmUp.isNegative() || duration.isNegative() || duration.isZero())
            {
                throw new IllegalArgumentException("duration must be positive and warm-up not negative, got " +
                    duration + " and " + warmUp);
            }
            if (poolSize < 1)
            {
                throw new IllegalArgumentException("poolSize must be >= 1, got " + poolSize);
            }
            if (!(saturationRatio > 0 && saturationRatio <= 1))
            {
                throw new IllegalArgumentException("saturationRatio must be in (0, 1], got " + saturationRatio);
            }
            return this;
        }

        /**
         * @param model the workload.
         * @return the model's default series: its rate multiplier times 10k, 25k, 50k, 100k, 200k orders/s
         * (100k to 2M for the peak model), continued by doubling until saturated.
         */
        public static long[] defaultRates(final WorkloadModel model)
        {
            final long[] base = {10_000, 25_000, 50_000, 100_000, 200_000};
            final long[] rates = new long[base.length];
            for (int i = 0; i < base.length; i++)
            {
                rates[i] = base[i] * model.rateMultiplier();
            }
            return rates;
        }

        /**
         * @param rates orders per second, ascending.
         * @return this.
         */
        public Context rates(final long... rates)
        {
            this.rates = rates.clone();
            return this;
        }

        /**
         * @return the rates, orders per second.
         */
        public long[] rates()
        {
            return rates;
        }

        /**
         * @param untilSaturated whether to keep doubling the last rate until the target saturates.
         * @return this.
         */
        public Context untilSaturated(final boolean untilSaturated)
        {
            this.untilSaturated = untilSaturated;
            return this;
        }

        /**
         * @return whether to keep doubling the last rate until the target saturates.
         */
        public boolean untilSaturated()
        {
            return untilSaturated;
        }

        /**
         * @param maxRate the highest rate doubling may reach.
         * @return this.
         */
        public Context maxRate(final long maxRate)
        {
            this.maxRate = maxRate;
            return this;
        }

        /**
         * @return the highest rate doubling may reach.
         */
        public long maxRate()
        {
            return maxRate;
        }

        /**
         * @param warmUp time at the first rate before the series starts, for the JIT and the target's first page
         *               faults; zero for none.
         * @return this.
         */
        public Context initialWarmUp(final Duration warmUp)
        {
            initialWarmUp = warmUp;
            return this;
        }

        /**
         * @return time at the first rate before the series starts.
         */
        public Duration initialWarmUp()
        {
            return initialWarmUp;
        }

        /**
         * @param warmUp time at each rate before measuring.
         * @return this.
         */
        public Context warmUp(final Duration warmUp)
        {
            this.warmUp = warmUp;
            return this;
        }

        /**
         * @return time at each rate before measuring.
         */
        public Duration warmUp()
        {
            return warmUp;
        }

        /**
         * @param duration measured time at each rate.
         * @return this.
         */
        public Context duration(final Duration duration)
        {
            this.duration = duration;
            return this;
        }

        /**
         * @return measured time at each rate.
         */
        public Duration duration()
        {
            return duration;
        }

        /**
         * @param model the workload.
         * @return this.
         */
        public Context model(final WorkloadModel model)
        {
            this.model = model;
            return this;
        }

        /**
         * @return the workload.
         */
        public WorkloadModel model()
        {
            return model;
        }

        /**
         * @param seed seed of the order stream.
         * @return this.
         */
        public Context seed(final long seed)
        {
            this.seed = seed;
            return this;
        }

        /**
         * @return seed of the order stream.
         */
        public long seed()
        {
            return seed;
        }

        /**
         * @param orders how many orders to draw ahead of the run and cycle through (with fresh ids), so that the
         *               generator spends nanoseconds per order, not the cost of Zipf draws.
         * @return this.
         */
        public Context poolSize(final int orders)
        {
            poolSize = orders;
            return this;
        }

        /**
         * @return orders drawn ahead of the run.
         */
        public int poolSize()
        {
            return poolSize;
        }

        /**
         * @param ratio achieved over target rate below which a rate is saturated.
         * @return this.
         */
        public Context saturationRatio(final double ratio)
        {
            saturationRatio = ratio;
            return this;
        }

        /**
         * @return achieved over target rate below which a rate is saturated.
         */
        public double saturationRatio()
        {
            return saturationRatio;
        }

        /**
         * @param nanos p99.9 above which a rate is saturated.
         * @return this.
         */
        public Context blowUpNanos(final long nanos)
        {
            blowUpNanos = nanos;
            return this;
        }

        /**
         * @return p99.9 above which a rate is saturated, in ns.
         */
        public long blowUpNanos()
        {
            return blowUpNanos;
        }

        /**
         * @param timeout how long to wait for outstanding completions at the end of a phase.
         * @return this.
         */
        public Context drainTimeout(final Duration timeout)
        {
            drainTimeout = timeout;
            return this;
        }

        /**
         * @return how long to wait for outstanding completions at the end of a phase.
         */
        public Duration drainTimeout()
        {
            return drainTimeout;
        }

        /**
         * Measures the platform's own pauses with a {@link HiccupMeter}: beside the series when the generator and
         * the target leave a core free, otherwise alone for {@code alone} before the series.
         *
         * @param beside whether to measure beside the series when a core is free.
         * @param alone  how long to measure alone otherwise ({@link Duration#ZERO}: not at all).
         * @return this.
         */
        public Context platformMeter(final boolean beside, final Duration alone)
        {
            this.platformBeside = beside;
            this.platformAlone = alone;
            return this;
        }

        /**
         * @return whether the platform is measured beside the series when a core is free.
         */
        public boolean platformBeside()
        {
            return platformBeside;
        }

        /**
         * @return how long the platform is measured alone when no core is free (zero: not at all).
         */
        public Duration platformAlone()
        {
            return platformAlone;
        }

        /**
         * @param progress where to print each rate's row as it completes, or null for silence.
         * @return this.
         */
        public Context progress(final PrintStream progress)
        {
            this.progress = progress;
            return this;
        }

        /**
         * @return where progress goes, or null.
         */
        public PrintStream progress()
        {
            return progress;
        }

        /**
         * @param clock where the time is read and the schedule waited for; {@link NanoClock#SYSTEM} by default.
         * @return this.
         */
        Context clock(final NanoClock clock)
        {
            this.clock = clock;
            return this;
        }

        /**
         * @return where the time is read and the schedule waited for.
         */
        NanoClock clock()
        {
            return clock;
        }
    }
}
