package dev.stockcore.runtime;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.ReservationState;
import dev.stockcore.engine.ReservationStatus;
import dev.stockcore.engine.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link StockRuntime#reservation(long, ReservationStatus)}: the engine thread answers through the ring; time
 * comes from an injected clock.
 */
class ReservationQueryTest
{
    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(10_000);

    private StockRuntime.Context context()
    {
        return new StockRuntime.Context().journalDir(dir).clock(clock::get).retentionMillis(60_000);
    }

    @Test
    void shouldAnswerOpenClosedExpiredAndUnknown()
    {
        final ReservationStatus status = new ReservationStatus();
        try (StockRuntime runtime = StockRuntime.launch(context()))
        {
            runtime.addProduct("A");
            runtime.addProduct("B");
            final int a = runtime.productIndex("A");
            final int b = runtime.productIndex("B");
            runtime.adjust(a, 10, EngineLimits.NO_COST);
            runtime.link(b, a);
            assertEquals(Result.OK, runtime.reserve(1, 5_000, new OrderLines().add(b, 3).add(a, 1)));
            assertEquals(Result.OK, runtime.reserve(2, EngineLimits.NO_TTL, new OrderLines().add(a, 1)));
            assertEquals(Result.OK, runtime.reserve(3, 1_000, new OrderLines().add(a, 1)));
            assertEquals(Result.OK, runtime.commit(2, new OrderLines()));

            assertEquals(Result.OK, runtime.reservation(1, status));
            assertEquals(ReservationState.OPEN, status.state());
            assertEquals(15_000, status.deadline());
            assertEquals(2, status.lineCount());
            assertEquals(b, status.ordered(0));
            assertEquals(a, status.holder(0));
            assertEquals(3, status.remaining(0));
            assertEquals(a, status.ordered(1));

            assertEquals(Result.OK, runtime.reservation(2, status));
            assertEquals(ReservationState.CLOSED, status.state());

            clock.set(11_000);
            assertEquals(Result.OK, runtime.reservation(3, status));
            assertEquals(ReservationState.EXPIRED, status.state(), "the engine moves time before answering");

            assertEquals(Result.OK, runtime.reservation(99, status));
            assertEquals(ReservationState.UNKNOWN, status.state());
        }
    }

    @Test
    void shouldAnswerAfterRelaunchWhatTheJournalHolds()
    {
        try (StockRuntime runtime = StockRuntime.launch(context()))
        {
            runtime.addProduct("A");
            runtime.adjust(runtime.productIndex("A"), 10, EngineLimits.NO_COST);
            runtime.reserve(5, EngineLimits.NO_TTL, new OrderLines().add(runtime.productIndex("A"), 4));
        }
        final ReservationStatus status = new ReservationStatus();
        try (StockRuntime runtime = StockRuntime.launch(context()))
        {
            assertEquals(Result.OK, runtime.reservation(5, status));
            assertEquals(ReservationState.OPEN, status.state());
            assertEquals(4, status.remaining(0));
            assertEquals(ReservationStatus.NO_DEADLINE, status.deadline());
        }
    }

    @Test
    void shouldRefuseOnceClosedAndLeaveTheStatusUntouched()
    {
        final ReservationStatus status = new ReservationStatus();
        final StockRuntime runtime = StockRuntime.launch(context());
        runtime.close();

        assertEquals(Result.RUNTIME_CLOSED, runtime.reservation(1, status));
        assertEquals(0, status.reservationId());
    }

    @Test
    void shouldAnswerEveryThreadItsOwnReservation() throws InterruptedException
    {
        try (StockRuntime runtime = StockRuntime.launch(context()))
        {
            runtime.addProduct("A");
            final int a = runtime.productIndex("A");
            runtime.adjust(a, 1_000_000, EngineLimits.NO_COST);
            final Thread[] threads = new Thread[4];
            final long[] wrong = new long[threads.length];
            for (int t = 0; t < threads.length; t++)
            {
                final int thread = t;
                threads[t] = new Thread(() ->
                {
                    final ReservationStatus status = new ReservationStatus();
                    final OrderLines lines = new OrderLines();
                    for (int i = 1; i <= 500; i++)
                    {
                        final long id = thread * 1_000L + i;
                        runtime.reserve(id, EngineLimits.NO_TTL, lines.clear().add(a, 1 + thread));
                        if (runtime.reservation(id, status) != Result.OK || status.reservationId() != id ||
                            status.state() != ReservationState.OPEN || status.remaining(0) != 1 + thread)
                        {
                            wrong[thread]++;
                        }
                    }
                });
                threads[t].start();
            }
            for (final Thread thread : threads)
            {
                thread.join();
            }
            for (final long w : wrong)
            {
                assertEquals(0, w);
            }
        }
    }
}
