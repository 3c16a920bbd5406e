package dev.stockcore.runtime;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An exception inside the engine agent (injected through the command handler) fails the runtime:
 * every pending and later call is answered ENGINE_FAILED, nothing hangs, the error is recorded for the
 * operator, and what was acknowledged before survives a relaunch.
 */
class EngineFailureTest
{
    private static final long POISON = 1_000;
    private static final int LATER = 500;

    @TempDir
    Path dir;

    @Test
    void shouldFailEveryPendingAndLaterCallAndKeepWhatWasAcknowledged()
    {
        assertTimeoutPreemptively(Duration.ofSeconds(60), this::run);
    }

    private void run()
    {
        final StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)
            .errorHandler(ex -> { })
            .commandHandler((type, correlationId) ->
            {
                if (correlationId == POISON)
                {
                    throw new IllegalStateException("injected fault on command " + correlationId);
                }
            }));
        assertEquals(Result.OK, runtime.addProduct("A"));
        final int a = runtime.productIndex("A");
        assertEquals(Result.OK, runtime.adjust(a, 100, EngineLimits.NO_COST));
        assertEquals(Result.OK, runtime.reserve(1, EngineLimits.NO_TTL, new OrderLines().add(a, 10)));

        final AtomicIntegerArray codes = new AtomicIntegerArray(LATER + 1);
        final AtomicInteger answered = new AtomicInteger();
        final StockClient client = runtime.newClient((correlationId, result) ->
        {
            final int slot = correlationId == POISON ? LATER : (int)correlationId;
            codes.set(slot, result.code() + 1);
            answered.incrementAndGet();
        });
        client.reserve(POISON, 2, EngineLimits.NO_TTL, new OrderLines().add(a, 1));
        for (int i = 0; i < LATER; i++)
        {
            client.reserve(i, 100 + i, EngineLimits.NO_TTL, new OrderLines().add(a, 1));
        }
        while (answered.get() < LATER + 1)
        {
            Thread.yield();
        }
        assertEquals(Result.ENGINE_FAILED.code() + 1, codes.get(LATER), "the failing command");
        for (int i = 0; i < LATER; i++)
        {
            assertEquals(Result.ENGINE_FAILED.code() + 1, codes.get(i), "call " + i + " after the failure");
        }
        assertTrue(runtime.isFailed());
        assertEquals(Result.ENGINE_FAILED, runtime.release(1), "blocking calls too");
        assertTrue(runtime.errors().contains("injected fault on command 1000"), runtime.errors());
        assertTrue(runtime.counters().errors() >= 1);
        runtime.close();

        final MappedByteBuffer file = IoUtil.mapExistingFile(dir.resolve(StockRuntime.ERROR_LOG_FILE).toFile(), "errors");
        try
        {
            assertTrue(StockRuntime.readErrors(new UnsafeBuffer(file)).contains("injected fault"),
                "the operator can read the error from the journal directory");
        }
        finally
        {
            IoUtil.unmap(file);
        }

        try (StockRuntime relaunched = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)))
        {
            assertEquals(90, relaunched.available("A"), "the acknowledged reservation survived, nothing else");
            assertEquals(Result.OK, relaunched.release(1));
            assertTrue(relaunched.errors().isEmpty());
        }
        final MappedByteBuffer previous = IoUtil.mapExistingFile(
            dir.resolve(StockRuntime.PREVIOUS_ERROR_LOG_FILE).toFile(), "errors");
        try
        {
            assertTrue(StockRuntime.readErrors(new UnsafeBuffer(previous)).contains("injected fault"),
                "the failed run's errors are kept across the relaunch");
        }
        finally
        {
            IoUtil.unmap(previous);
        }
    }
}
