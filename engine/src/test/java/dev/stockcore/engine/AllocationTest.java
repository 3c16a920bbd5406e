package dev.stockcore.engine;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java API path allocates nothing per command once the tables are sized: thread-allocated bytes over
 * 1,000,000 mixed commands (after as many for warm-up) must be exactly 0. Allocation is deterministic, so
 * unlike timing this is a fair unit test.
 */
class AllocationTest
{
    private static final int PRODUCTS = 10_000;
    private static final int SOURCES = 1_000;
    private static final int COMMANDS = 1_000_000;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @Test
    void shouldNotAllocatePerCommandAfterWarmUp()
    {
        final Sink sink = new Sink();
        final StockEngine engine = new StockEngine(sink, PRODUCTS, 1 << 18, 1_000);
        final Workload workload = new Workload(engine);
        workload.setUp();

        workload.run(COMMANDS);
        final long baseline = allocatedDuring(() -> {});
        final long allocated = allocatedDuring(() -> workload.run(COMMANDS)) - baseline;

        assertEquals(0, allocated, "bytes allocated over " + COMMANDS + " commands");
        assertTrue(workload.ok > COMMANDS / 4, "most of the load must be accepted work, was " + workload.ok);
        assertTrue(engine.openReservationCount() > 0 && sink.movements > COMMANDS / 2);
        assertEquals(null, engine.checkInvariants());
    }

    private long allocatedDuring(final Runnable work)
    {
        final long before = threads.getCurrentThreadAllocatedBytes();
        work.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    /** Reads every batch so the encoding cannot be optimised away. */
    static final class Sink implements MovementHandler
    {
        long movements;
        long checksum;

        @Override
        public void onBatch(final DirectBuffer buffer, final int offset, final int length)
        {
            movements += buffer.getInt(offset + 4);
            checksum += buffer.getLong(offset + length - 8);
        }
    }

    /** A shop at peak: reservations of 1-3 lines, a fifth of the catalogue virtual, commits, cancels, restocks. */
    static final class Workload
    {
        private final StockEngine engine;
        private final OrderLines lines = new OrderLines();
        private final long[] recent = new long[4096];
        private long state = 0x9E3779B97F4A7C15L;
        private long nextId = 1;
        private long now;
        long ok;

        Workload(final StockEngine engine)
        {
            this.engine = engine;
        }

        void setUp()
        {
            for (int p = 0; p < PRODUCTS; p++)
            {
                engine.addProduct("SKU-" + p);
            }
            for (int p = 0; p < SOURCES; p++)
            {
                engine.adjust(p, 1_000_000, 12_500);
            }
            for (int p = SOURCES; p < PRODUCTS; p++)
            {
                if (p % 5 == 0)
                {
                    engine.link(p, p % SOURCES);
                }
                else
                {
                    engine.adjust(p, 10_000, 9_900);
                }
            }
        }

        void run(final int commands)
        {
            for (int i = 0; i < commands; i++)
            {
                if (step() == Result.OK)
                {
                    ok++;
                }
            }
        }

        private Result step()
        {
            final int roll = next(100);
            if (roll < 45)
            {
                lines.clear();
                final int n = 1 + next(3);
                for (int l = 0; l < n; l++)
                {
                    lines.add(next(PRODUCTS), 1 + next(3));
                }
                final long id = nextId++;
                recent[(int)(id & (recent.length - 1))] = id;
                return engine.reserve(id, 1 + next(2_000), lines);
            }
            final long id = recent[next(recent.length)];
            if (roll < 60)
            {
                return engine.commit(id, lines.clear());
            }
            if (roll < 68)
            {
                final int product = engine.holder(next(PRODUCTS));
                return engine.commit(id, lines.clear().add(product, 1));
            }
            if (roll < 80)
            {
                return engine.release(id);
            }
            if (roll < 90)
            {
                return engine.adjust(next(PRODUCTS), 1 + next(20), next(2) == 0 ? EngineLimits.NO_COST : next(50_000));
            }
            if (roll < 92)
            {
                final int product = next(PRODUCTS);
                return engine.count(product, engine.reservedHeld(product) + next(100), EngineLimits.NO_COST);
            }
            if (roll < 99)
            {
                now += 1 + next(4);
                return engine.advanceTime(now);
            }
            final int consumer = SOURCES + 5 * next((PRODUCTS - SOURCES) / 5);
            return engine.source(consumer) >= 0 ? engine.unlink(consumer) : engine.link(consumer, next(SOURCES));
        }

        private int next(final int bound)
        {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            return (int)((state >>> 1) % bound);
        }
    }
}
