package dev.stockcore.runtime;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tiny ring behind a stalled engine: callers get BACK_PRESSURED at once (or after the bounded wait), every
 * call is answered exactly once, and nothing hangs.
 */
class BackPressureTest
{
    private static final int CALLS = 2_000;

    @TempDir
    Path dir;

    @Test
    void shouldAnswerBackPressuredWhenTheRingIsFullAndLoseNothing()
    {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(0));
    }

    @Test
    void shouldWaitBoundedTimeBeforeAnsweringBackPressured()
    {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(2_000_000L));
    }

    private void run(final long offerTimeoutNs) throws InterruptedException
    {
        final CountDownLatch stalled = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)
            .ringBufferLength(4096).offerTimeoutNs(offerTimeoutNs)
            .commandHandler((type, correlationId) ->
            {
                if (correlationId == 0 && type == CommandDescriptor.ADJUST_TYPE)
                {
                    stalled.countDown();
                    awaitUninterruptibly(release);
                }
            }));
        try
        {
            assertEquals(Result.OK, runtime.addProduct("A"));
            final AtomicIntegerArray answers = new AtomicIntegerArray(CALLS);
            final int[] codes = new int[CALLS];
            final AtomicLong answered = new AtomicLong();
            final StockClient client = runtime.newClient((correlationId, result) ->
            {
                codes[(int)correlationId] = result.code();
                answers.incrementAndGet((int)correlationId);
                answered.incrementAndGet();
            });
            assertTrue(client.adjust(0, 0, 1, EngineLimits.NO_COST));
            stalled.await();

            int refusedAtOnce = 0;
            for (int i = 1; i < CALLS; i++)
            {
                final long before = System.nanoTime();
                if (!client.adjust(i, 0, 1, EngineLimits.NO_COST))
                {
                    refusedAtOnce++;
                    assertEquals(Result.BACK_PRESSURED.code(), codes[i], "answered on the calling thread");
                    assertTrue(System.nanoTime() - before >= offerTimeoutNs, "waited the configured time first");
                }
            }
            assertTrue(refusedAtOnce > CALLS / 2, "a 4 KiB ring holds far fewer than " + CALLS + " commands");
            assertEquals(refusedAtOnce, runtime.counters().backPressured());
            release.countDown();

            while (answered.get() < CALLS)
            {
                Thread.yield();
            }
            int applied = 0;
            for (int i = 0; i < CALLS; i++)
            {
                assertEquals(1, answers.get(i), "call " + i + " answered exactly once");
                if (codes[i] == Result.OK.code())
                {
                    applied++;
                }
                else
                {
                    assertEquals(Result.BACK_PRESSURED.code(), codes[i]);
                }
            }
            assertEquals(CALLS - refusedAtOnce, applied);
            assertEquals(applied, runtime.available("A"), "every applied adjustment added one unit, nothing more");
            assertFalse(runtime.isFailed());
        }
        finally
        {
            release.countDown();
            runtime.close();
        }
    }

    private static void awaitUninterruptibly(final CountDownLatch latch)
    {
        while (true)
        {
            try
            {
                latch.await();
                return;
            }
            catch (final InterruptedException ignored)
            {
                // The engine thread keeps waiting for the test's release.
            }
        }
    }
}
