package dev.stockcore.engine;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link StockEngine#reservation(long, ReservationStatus)}: state, deadline and lines through a reservation's life.
 */
class ReservationStatusTest
{
    private static final long RETENTION = 1_000;

    private final StockEngine engine = new StockEngine(null, 16, 16, RETENTION);
    private final ReservationStatus status = new ReservationStatus();
    private int a;
    private int b;
    private int c;

    @BeforeEach
    void setUp()
    {
        engine.addProduct("A");
        engine.addProduct("B");
        engine.addProduct("C");
        a = engine.productIndex("A");
        b = engine.productIndex("B");
        c = engine.productIndex("C");
        engine.adjust(a, 100, EngineLimits.NO_COST);
        engine.adjust(c, 100, EngineLimits.NO_COST);
        engine.link(b, a);
        engine.advanceTime(1_000);
    }

    @Test
    void shouldReportAnOpenReservationWithDeadlineAndMergedLines()
    {
        engine.reserve(7, 500, new OrderLines().add(b, 3).add(c, 2).add(b, 1));

        engine.reservation(7, status);

        assertEquals(ReservationState.OPEN, status.state());
        assertEquals(7, status.reservationId());
        assertEquals(1_500, status.deadline());
        assertEquals(2, status.lineCount());
        assertEquals(b, status.ordered(0));
        assertEquals(a, status.holder(0));
        assertEquals(4, status.remaining(0));
        assertEquals(c, status.ordered(1));
        assertEquals(c, status.holder(1));
        assertEquals(2, status.remaining(1));
    }

    @Test
    void shouldReportNoDeadlineWithoutTtl()
    {
        engine.reserve(7, EngineLimits.NO_TTL, new OrderLines().add(a, 1));

        assertEquals(ReservationStatus.NO_DEADLINE, engine.reservation(7, status).deadline());
    }

    @Test
    void shouldShowACommittedLineAsNothingRemaining()
    {
        engine.reserve(7, EngineLimits.NO_TTL, new OrderLines().add(a, 3).add(c, 2));
        engine.commit(7, new OrderLines().add(a, 3));

        engine.reservation(7, status);

        assertEquals(ReservationState.OPEN, status.state());
        assertEquals(0, status.remaining(0));
        assertEquals(2, status.remaining(1));
    }

    @Test
    void shouldReportCommittedAndReleasedAsClosedWithTheirCloseTime()
    {
        engine.reserve(7, EngineLimits.NO_TTL, new OrderLines().add(a, 1));
        engine.reserve(8, EngineLimits.NO_TTL, new OrderLines().add(a, 1));
        engine.commit(7, new OrderLines());
        engine.advanceTime(1_200);
        engine.release(8);

        assertEquals(ReservationState.CLOSED, engine.reservation(7, status).state());
        assertEquals(1_000, status.closedAt());
        assertEquals(0, status.lineCount());
        assertEquals(ReservationStatus.NO_DEADLINE, status.deadline());
        assertEquals(ReservationState.CLOSED, engine.reservation(8, status).state());
        assertEquals(1_200, status.closedAt());
    }

    @Test
    void shouldReportExpiredOnceTimeReachesTheDeadline()
    {
        engine.reserve(7, 500, new OrderLines().add(a, 1));
        engine.advanceTime(1_499);
        assertEquals(ReservationState.OPEN, engine.reservation(7, status).state());

        engine.advanceTime(1_500);

        assertEquals(ReservationState.EXPIRED, engine.reservation(7, status).state());
        assertEquals(1_500, status.closedAt());
    }

    @Test
    void shouldForgetAClosedReservationAfterRetention()
    {
        engine.reserve(7, EngineLimits.NO_TTL, new OrderLines().add(a, 1));
        engine.release(7);

        engine.advanceTime(1_000 + RETENTION);

        assertEquals(ReservationState.UNKNOWN, engine.reservation(7, status).state());
        assertEquals(engine.reservationState(7), Result.UNKNOWN_RESERVATION);
    }

    @Test
    void shouldReportUnknownForAnIdNeverReserved()
    {
        assertEquals(ReservationState.UNKNOWN, engine.reservation(99, status).state());
        assertEquals(ReservationState.UNKNOWN, engine.reservation(0, status).state());
        assertThrows(IndexOutOfBoundsException.class, () -> status.remaining(0));
    }

    @Test
    void shouldRoundTripStateCodes()
    {
        for (final ReservationState state : ReservationState.values())
        {
            assertEquals(state, ReservationState.fromCode(state.code()));
        }
        assertThrows(IllegalArgumentException.class, () -> ReservationState.fromCode(0));
    }

    @Test
    void shouldNotAllocateWhenAnswering()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        engine.reserve(7, 500, new OrderLines().add(b, 3).add(c, 2));
        ask(200_000);
        final long baselineStart = threads.getCurrentThreadAllocatedBytes();
        final long baseline = threads.getCurrentThreadAllocatedBytes() - baselineStart;
        final long before = threads.getCurrentThreadAllocatedBytes();
        final long lines = ask(200_000);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before - baseline;

        // One object per answer would be >= 16 B x 200,000 = 3.2 MB; the bound is 0.1 B per answer, leaving room
        // for what the JIT may allocate once per run when it deoptimizes.
        assertTrue(allocated < 200_000 / 10, "allocated " + allocated + " B over 200,000 answers");
        assertEquals(200_000, lines);
    }

    private long ask(final int times)
    {
        long lines = 0;
        for (int i = 0; i < times; i++)
        {
            lines += engine.reservation(7 + (i & 1), status).lineCount();
        }
        return lines;
    }
}
