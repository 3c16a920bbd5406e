package dev.stockcore.runtime;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StockFeedTest
{
    @TempDir
    Path dir;
    private StockRuntime runtime;
    private int a;
    private int b;
    private int c;

    @BeforeEach
    void launch()
    {
        runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir).feedBufferLength(1024));
        runtime.addProduct("A");
        runtime.addProduct("B");
        runtime.addProduct("C");
        runtime.addProduct("D");
        a = runtime.productIndex("A");
        b = runtime.productIndex("B");
        c = runtime.productIndex("C");
        assertEquals(Result.OK, runtime.link(b, a));
        assertEquals(Result.OK, runtime.link(c, a));
    }

    @AfterEach
    void close()
    {
        runtime.close();
    }

    @Test
    void shouldFanOutAChangeOnTheSourceToItsConsumers()
    {
        final FeedSubscription feed = runtime.subscribe();
        final List<String> events = new ArrayList<>();
        assertEquals(Result.OK, runtime.adjust(a, 7, EngineLimits.NO_COST));
        feed.poll((product, sku, available, sequence) -> events.add(sku + "=" + available), 100);
        events.sort(String::compareTo);
        assertEquals(List.of("A=7", "B=7", "C=7"), events);

        events.clear();
        assertEquals(Result.OK, runtime.reserve(1, EngineLimits.NO_TTL, new OrderLines().add(b, 2)));
        feed.poll((product, sku, available, sequence) -> events.add(sku + "=" + available), 100);
        events.sort(String::compareTo);
        assertEquals(List.of("A=5", "B=5", "C=5"), events, "an order for B lowers A and its other consumer");
    }

    @Test
    void shouldSendNoEventWhenAvailabilityDoesNotChange()
    {
        runtime.adjust(a, 7, EngineLimits.NO_COST);
        runtime.reserve(1, EngineLimits.NO_TTL, new OrderLines().add(a, 2));
        final FeedSubscription feed = runtime.subscribe();
        final List<String> events = new ArrayList<>();
        assertEquals(Result.OK, runtime.commit(1, new OrderLines()));
        feed.poll((product, sku, available, sequence) -> events.add(sku), 100);
        assertEquals(List.of(), events, "a commit moves held units out of physical: available unchanged");
    }

    @Test
    void shouldConflateForASlowSubscriberAndKeepTheLatestValues()
    {
        runtime.adjust(a, 1_000_000, EngineLimits.NO_COST);
        final FeedSubscription slow = runtime.subscribe();
        final int d = runtime.productIndex("D");
        for (int i = 1; i <= 3_000; i++)
        {
            assertEquals(Result.OK, runtime.adjust(i % 2 == 0 ? a : d, 1, EngineLimits.NO_COST),
                "the engine never waits for a subscriber");
        }
        final Map<String, Long> latest = new HashMap<>();
        final int[] delivered = new int[1];
        int polled;
        do
        {
            polled = slow.poll((product, sku, available, sequence) ->
            {
                latest.put(sku, available);
                delivered[0]++;
            }, 1_000);
        }
        while (polled > 0);
        assertTrue(slow.scans() >= 1, "the 1 KiB broadcast lapped the subscriber, which rescanned");
        assertTrue(delivered[0] < 6_000, "conflated, not the whole backlog: " + delivered[0]);
        assertEquals(runtime.available("A"), latest.get("A"));
        assertEquals(runtime.available("B"), latest.get("B"));
        assertEquals(runtime.available("C"), latest.get("C"));
        assertEquals(runtime.available("D"), latest.get("D"));
        assertEquals(1_001_500, latest.get("A"));
        assertEquals(1_500, latest.get("D"));
    }

    @Test
    void shouldResumeFromASequence()
    {
        runtime.adjust(a, 5, EngineLimits.NO_COST);
        final int d = runtime.productIndex("D");
        runtime.adjust(d, 3, EngineLimits.NO_COST);
        final StockLevel level = new StockLevel();
        final long afterD = runtime.level(d, level).sequence();
        runtime.adjust(d, 1, EngineLimits.NO_COST);

        final Map<String, Long> resumed = new HashMap<>();
        runtime.subscribe(afterD + 1).poll((product, sku, available, sequence) -> resumed.put(sku, available), 100);
        assertEquals(Map.of("D", 4L), resumed, "only what changed at or after the sequence, latest value");

        final Map<String, Long> all = new HashMap<>();
        runtime.subscribe(0).poll((product, sku, available, sequence) -> all.put(sku, available), 100);
        assertEquals(Map.of("A", 5L, "B", 5L, "C", 5L, "D", 4L), all);
    }

    @Test
    void shouldSendAnEventForAConsumerWhenItIsUnlinked()
    {
        runtime.adjust(a, 5, EngineLimits.NO_COST);
        final FeedSubscription feed = runtime.subscribe();
        final List<String> events = new ArrayList<>();
        assertEquals(Result.OK, runtime.unlink(c));
        feed.poll((product, sku, available, sequence) -> events.add(sku + "=" + available), 100);
        assertEquals(List.of("C=0"), events, "unlinked, C has its own (empty) stock again");
    }
}
