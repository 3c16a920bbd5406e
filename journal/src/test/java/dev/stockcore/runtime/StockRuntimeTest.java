package dev.stockcore.runtime;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import dev.stockcore.journal.Durability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StockRuntimeTest
{
    @TempDir
    Path dir;

    @Test
    void shouldApplyBlockingCommandsAndPublishAvailability()
    {
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)))
        {
            assertEquals(Result.OK, runtime.addProduct("A"));
            assertEquals(Result.DUPLICATE_PRODUCT, runtime.addProduct("A"));
            assertEquals(Result.OK, runtime.addProduct("B"));
            final int a = runtime.productIndex("A");
            final int b = runtime.productIndex("B");
            assertEquals(Result.OK, runtime.adjust(a, 10, EngineLimits.NO_COST));
            assertEquals(Result.OK, runtime.link(b, a));
            assertEquals(10, runtime.available("A"));
            assertEquals(10, runtime.available("B"));

            assertEquals(Result.OK, runtime.reserve(1, EngineLimits.NO_TTL, new OrderLines().add(b, 3)));
            assertEquals(7, runtime.available("A"), "an order for B reserves in A");
            assertEquals(7, runtime.available("B"));
            assertEquals(Result.INSUFFICIENT_STOCK, runtime.reserve(2, EngineLimits.NO_TTL, new OrderLines().add(a, 8)));

            final StockLevel level = new StockLevel();
            assertTrue(runtime.level("B", level));
            assertEquals(a, level.source());
            assertEquals(3, level.reservedOrdered());
            assertEquals(7, level.available());
            runtime.level(a, level);
            assertEquals(10, level.physical());
            assertEquals(3, level.reservedHeld());

            assertEquals(Result.OK, runtime.commit(1, new OrderLines()));
            assertEquals(7, runtime.available("B"));
            runtime.level(a, level);
            assertEquals(7, level.physical());
            assertEquals(-1, runtime.available("unknown"));
            assertEquals(8, runtime.counters().commands());
            assertEquals(6, runtime.counters().results(Result.OK));
            assertEquals(1, runtime.counters().results(Result.DUPLICATE_PRODUCT));
            assertEquals(1, runtime.counters().results(Result.INSUFFICIENT_STOCK));
        }
    }

    @Test
    void shouldRecoverAcknowledgedCommandsOnRelaunch()
    {
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)))
        {
            runtime.addProduct("A");
            runtime.adjust(runtime.productIndex("A"), 5, EngineLimits.NO_COST);
            runtime.reserve(9, EngineLimits.NO_TTL, new OrderLines().add(runtime.productIndex("A"), 2));
        }
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)))
        {
            assertEquals(3, runtime.available("A"));
            assertEquals(Result.DUPLICATE_RESERVATION,
                runtime.reserve(9, EngineLimits.NO_TTL, new OrderLines().add(runtime.productIndex("A"), 1)));
            assertEquals(Result.OK, runtime.release(9));
            assertEquals(5, runtime.available("A"));
        }
    }

    @Test
    void shouldDeliverAsyncResultsWithCorrelationIdsAfterJournaling() throws InterruptedException
    {
        final BlockingQueue<String> results = new ArrayBlockingQueue<>(16);
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)
            .durability(Durability.SYNC)))
        {
            final StockClient client = runtime.newClient((correlationId, result) -> results.add(correlationId + " " + result));
            assertTrue(client.addProduct(100, "A"));
            assertEquals("100 OK", results.poll(10, TimeUnit.SECONDS));
            final int a = runtime.productIndex("A");
            assertTrue(client.adjust(101, a, 4, EngineLimits.NO_COST));
            assertTrue(client.reserve(102, 1, EngineLimits.NO_TTL, new OrderLines().add(a, 5)));
            assertEquals("101 OK", results.poll(10, TimeUnit.SECONDS));
            assertEquals("102 INSUFFICIENT_STOCK", results.poll(10, TimeUnit.SECONDS));
            final OrderLines tooMany = new OrderLines();
            for (int i = 0; i <= EngineLimits.MAX_LINES; i++)
            {
                tooMany.add(a, 1);
            }
            assertFalse(client.reserve(103, 2, EngineLimits.NO_TTL, tooMany), "decided on the calling thread");
            assertEquals("103 INVALID_COMMAND", results.poll());
        }
    }

    @Test
    void shouldAnswerRuntimeClosedAfterCloseAndCloseTwice()
    {
        final StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir));
        final Result[] seen = new Result[1];
        final StockClient client = runtime.newClient((correlationId, result) -> seen[0] = result);
        runtime.close();
        runtime.close();
        assertFalse(client.addProduct(1, "A"));
        assertEquals(Result.RUNTIME_CLOSED, seen[0]);
        assertEquals(Result.RUNTIME_CLOSED, runtime.addProduct("B"));
    }

    @Test
    void shouldRejectInvalidContext()
    {
        assertThrows(IllegalArgumentException.class, () -> new StockRuntime.Context().conclude());
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new StockRuntime.Context().journalDir(dir).ringBufferLength(1000).conclude());
        assertTrue(ex.getMessage().contains("1000"), ex.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> new StockRuntime.Context().journalDir(dir).batchLimit(0).conclude());
    }

    @Test
    void shouldCreateTheErrorLogBesideTheJournal()
    {
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)))
        {
            assertTrue(Files.exists(dir.resolve(StockRuntime.ERROR_LOG_FILE)));
            assertEquals("", runtime.errors());
            assertFalse(runtime.isFailed());
        }
    }
}
