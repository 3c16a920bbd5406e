package dev.stockcore.runtime.micrometer;

import dev.stockcore.engine.Result;
import dev.stockcore.runtime.AckLatencyHistogram;
import dev.stockcore.runtime.RuntimeCounters;
import dev.stockcore.runtime.RuntimeState;
import dev.stockcore.runtime.StockRuntime;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Binds a {@link StockRuntime}'s counters, acknowledgement latency and health to a Micrometer registry. Every
 * meter reads the runtime's published counters when the registry asks; nothing is recorded on the engine thread.
 * <pre>{@code
 * new RuntimeMeterBinder(runtime, Tags.of("shop", "eu")).bindTo(registry);
 * }</pre>
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>what</th></tr>
 *   <tr><td>stockcore.commands</td><td>counter</td><td>commands applied by the engine</td></tr>
 *   <tr><td>stockcore.results</td><td>counter, tag {@code result}</td><td>calls answered with that result
 *       ({@code ok}, {@code insufficient_stock}, ...)</td></tr>
 *   <tr><td>stockcore.back.pressured</td><td>counter</td><td>calls answered BACK_PRESSURED</td></tr>
 *   <tr><td>stockcore.batches</td><td>counter</td><td>ring drains</td></tr>
 *   <tr><td>stockcore.batch.max</td><td>gauge</td><td>most commands in one drain</td></tr>
 *   <tr><td>stockcore.journal.commit</td><td>function timer</td><td>group commits: count (batches) and total
 *       time</td></tr>
 *   <tr><td>stockcore.journal.commit.max</td><td>time gauge</td><td>longest group commit</td></tr>
 *   <tr><td>stockcore.feed.changes</td><td>counter</td><td>availability changes published</td></tr>
 *   <tr><td>stockcore.errors</td><td>counter</td><td>errors recorded</td></tr>
 *   <tr><td>stockcore.ack.latency</td><td>time gauge, tag {@code percentile} (0.5, 0.99, 0.999, 1.0 = max)
 *       </td><td>acknowledgement time since launch, offered to delivered</td></tr>
 *   <tr><td>stockcore.acks</td><td>counter</td><td>acknowledgements in that histogram</td></tr>
 *   <tr><td>stockcore.running</td><td>gauge</td><td>1 while RUNNING, 0 once FAILED or CLOSED</td></tr>
 * </table>
 */
public final class RuntimeMeterBinder implements MeterBinder
{
    private final StockRuntime runtime;
    private final Iterable<Tag> tags;

    /**
     * @param runtime the runtime; keep a reference to it (the registry's meters hold it weakly).
     */
    public RuntimeMeterBinder(final StockRuntime runtime)
    {
        this(runtime, Tags.empty());
    }

    /**
     * @param runtime the runtime; keep a reference to it (the registry's meters hold it weakly).
     * @param tags    added to every meter, e.g. which runtime it is.
     */
    public RuntimeMeterBinder(final StockRuntime runtime, final Iterable<Tag> tags)
    {
        this.runtime = runtime;
        this.tags = tags;
    }

    @Override
    public void bindTo(final MeterRegistry registry)
    {
        counter(registry, "stockcore.commands", "commands applied by the engine", Tags.empty(),
            RuntimeCounters::commands);
        for (final Result result : Result.values())
        {
            counter(registry, "stockcore.results", "calls answered with a result",
                Tags.of("result", result.name().toLowerCase(Locale.ROOT)), counters -> counters.results(result));
        }
        counter(registry, "stockcore.back.pressured", "calls answered BACK_PRESSURED", Tags.empty(),
            RuntimeCounters::backPressured);
        counter(registry, "stockcore.batches", "ring drains that applied commands", Tags.empty(),
            RuntimeCounters::batches);
        counter(registry, "stockcore.feed.changes", "availability changes published", Tags.empty(),
            RuntimeCounters::feedChanges);
        counter(registry, "stockcore.errors", "errors recorded", Tags.empty(), RuntimeCounters::errors);
        counter(registry, "stockcore.acks", "acknowledgements in the latency histogram", Tags.empty(),
            counters -> counters.ackLatency().totalCount());
        Gauge.builder("stockcore.batch.max", runtime, r -> r.counters().batchMax())
            .description("most commands applied in one drain").tags(tags).register(registry);
        FunctionTimer.builder("stockcore.journal.commit", runtime,
            r -> r.counters().batches(), r -> r.counters().journalCommitNanos(), TimeUnit.NANOSECONDS)
            .description("group commits of the journal").tags(tags).register(registry);
        TimeGauge.builder("stockcore.journal.commit.max", runtime, TimeUnit.NANOSECONDS,
            r -> r.counters().journalCommitNanosMax())
            .description("longest group commit").tags(tags).register(registry);
        latency(registry, 0.5);
        latency(registry, 0.99);
        latency(registry, 0.999);
        TimeGauge.builder("stockcore.ack.latency", runtime, TimeUnit.NANOSECONDS,
            r -> r.counters().ackLatency().maxNanos())
            .description("acknowledgement time, command offered to result delivered").tags(tags)
            .tag("percentile", "1.0").register(registry);
        Gauge.builder("stockcore.running", runtime, r -> r.health().state() == RuntimeState.RUNNING ? 1 : 0)
            .description("1 while the runtime takes commands").tags(tags).register(registry);
    }

    private void counter(final MeterRegistry registry, final String name, final String description,
        final Tags extraTags, final java.util.function.ToDoubleFunction<RuntimeCounters> value)
    {
        FunctionCounter.builder(name, runtime, r -> value.applyAsDouble(r.counters()))
            .description(description).tags(tags).tags(extraTags).register(registry);
    }

    private void latency(final MeterRegistry registry, final double quantile)
    {
        TimeGauge.builder("stockcore.ack.latency", runtime, TimeUnit.NANOSECONDS,
            r -> percentile(r.counters().ackLatency(), quantile))
            .description("acknowledgement time, command offered to result delivered").tags(tags)
            .tag("percentile", Double.toString(quantile)).register(registry);
    }

    private static double percentile(final AckLatencyHistogram histogram, final double quantile)
    {
        // A bucket's top can be up to 1% above the values in it: never show more than the exact maximum.
        return Math.min(histogram.valueAtPercentile(quantile * 100.0), histogram.maxNanos());
    }
}
