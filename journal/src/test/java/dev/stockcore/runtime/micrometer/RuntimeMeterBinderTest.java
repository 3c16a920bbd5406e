package dev.stockcore.runtime.micrometer;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.runtime.StockRuntime;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeMeterBinderTest
{
    @TempDir
    Path dir;

    @Test
    void shouldExposeTheRuntimesCountersLatencyAndHealth()
    {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir));
        new RuntimeMeterBinder(runtime, Tags.of("shop", "eu")).bindTo(registry);
        runtime.addProduct("A");
        final int a = runtime.productIndex("A");
        runtime.adjust(a, 5, EngineLimits.NO_COST);
        runtime.reserve(1, EngineLimits.NO_TTL, new OrderLines().add(a, 9));

        assertEquals(3.0, registry.get("stockcore.commands").tag("shop", "eu").functionCounter().count());
        assertEquals(2.0, registry.get("stockcore.results").tag("result", "ok").functionCounter().count());
        assertEquals(1.0, registry.get("stockcore.results").tag("result", "insufficient_stock").functionCounter()
            .count());
        assertEquals(0.0, registry.get("stockcore.back.pressured").functionCounter().count());
        assertEquals(3.0, registry.get("stockcore.acks").functionCounter().count());
        final FunctionTimer commit = registry.get("stockcore.journal.commit").functionTimer();
        assertEquals(runtime.counters().batches(), (long)commit.count());
        // Micrometer keeps the total as a double in its base unit: the nanoseconds come back within one.
        assertEquals(runtime.counters().journalCommitNanos(), commit.totalTime(TimeUnit.NANOSECONDS), 1.0);
        final double p99 = registry.get("stockcore.ack.latency").tag("percentile", "0.99").timeGauge()
            .value(TimeUnit.NANOSECONDS);
        final double max = registry.get("stockcore.ack.latency").tag("percentile", "1.0").timeGauge()
            .value(TimeUnit.NANOSECONDS);
        assertEquals(Math.min(runtime.counters().ackLatency().valueAtPercentile(99),
            runtime.counters().ackLatency().maxNanos()), (long)p99);
        assertTrue(p99 <= max, "capped at the exact max");
        assertTrue(p99 > 0 && max > 0, "p99 " + p99 + " max " + max);
        assertEquals(1.0, registry.get("stockcore.running").gauge().value());

        runtime.close();

        assertEquals(0.0, registry.get("stockcore.running").gauge().value());
        assertEquals(3.0, registry.get("stockcore.commands").functionCounter().count(), "readable after close");
    }
}
