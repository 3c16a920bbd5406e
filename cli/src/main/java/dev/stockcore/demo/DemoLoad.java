package dev.stockcore.demo;

import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import dev.stockcore.runtime.ResultHandler;
import dev.stockcore.runtime.StockClient;
import dev.stockcore.runtime.StockRuntime;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A peak-period order load on a {@link StockRuntime}: {@value #PRODUCERS} producer threads, each with its own
 * asynchronous {@link StockClient}, take orders open loop at a fixed total rate (each order is due at its
 * scheduled time, whether or not earlier ones were answered, so a stall shows in the latency instead of
 * slowing the load down). An order reserves 1 to 3 lines ({@link DemoCatalogue}); once the reservation is
 * acknowledged, {@value #COMMIT_PERCENT}% are committed in full, {@value #RELEASE_PERCENT}% released, and the
 * rest abandoned: those were reserved with a {@value #ABANDONED_TTL_MILLIS} ms time to live and expire.
 * <p>
 * Latency is from an order's scheduled time to its reservation's result, recorded in an HdrHistogram
 * {@link Recorder}; {@link #intervalP99Nanos()} reads the 99th percentile since the previous read.
 * Acknowledged reservations and commits are told to {@link Acknowledgements} on the engine thread, after the
 * journal append: that is the moment they are promised to survive a crash.
 */
public final class DemoLoad implements AutoCloseable
{
    /** Producer threads. */
    public static final int PRODUCERS = 2;
    /** Percentage of acknowledged reservations committed in full. */
    public static final int COMMIT_PERCENT = 85;
    /** Percentage of acknowledged reservations released. */
    public static final int RELEASE_PERCENT = 10;
    /** Time to live of the reservations that are abandoned. */
    public static final long ABANDONED_TTL_MILLIS = 1_000;
    /** Time to live of the others: a checkout's hold. */
    public static final long CHECKOUT_TTL_MILLIS = 15 * 60_000;

    private static final int RESERVE = 1;
    private static final int COMMIT = 2;
    private static final int RELEASE = 3;
    private static final int KIND_SHIFT = 56;
    private static final long ID_MASK = (1L << KIND_SHIFT) - 1;
    private static final int FOLLOW_UP_RING_LENGTH = 1 << 20;
    private static final long SPIN_NANOS = 20_000;

    /**
     * Told of each acknowledged (OK) reservation and commit, on the engine thread after the journal append.
     * Keep it short: the engine waits for it.
     */
    public interface Acknowledgements
    {
        /** Counts nothing. */
        Acknowledgements NONE = new Acknowledgements()
        {
            @Override
            public void onReserved(final long reservationId)
            {
            }

            @Override
            public void onCommitted(final long reservationId)
            {
            }
        };

        /**
         * @param reservationId a reservation the engine accepted and journaled.
         */
        void onReserved(long reservationId);

        /**
         * @param reservationId a reservation whose commit the engine accepted and journaled.
         */
        void onCommitted(long reservationId);
    }

    private final Acknowledgements acknowledgements;
    private final Recorder latency = new Recorder(3);
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong reservations = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong backPressured = new AtomicLong();
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong released = new AtomicLong();
    private final AtomicLong otherResults = new AtomicLong();
    private final Producer[] producers = new Producer[PRODUCERS];
    private final Thread[] threads = new Thread[PRODUCERS];
    private Histogram interval;
    private volatile boolean running = true;

    private DemoLoad(final StockRuntime runtime, final DemoCatalogue catalogue, final long ordersPerSecond,
        final long firstId, final long seed, final Acknowledgements acknowledgements)
    {
        this.acknowledgements = acknowledgements;
        final long intervalNanos = Math.max(1, 1_000_000_000L * PRODUCERS / ordersPerSecond);
        for (int i = 0; i < PRODUCERS; i++)
        {
            producers[i] = new Producer(runtime, catalogue, i, firstId, intervalNanos, new SplittableRandom(seed + i));
            threads[i] = new Thread(producers[i], "demo-producer-" + i);
            threads[i].setDaemon(true);
        }
    }

    /**
     * Starts the producers.
     *
     * @param runtime          the runtime, on a journal {@link DemoCatalogue#setUp} was run on.
     * @param catalogue        its products.
     * @param ordersPerSecond  total rate over all producers, at least 1.
     * @param firstId          the first reservation id; ids go up from there, never reused within a load.
     * @param seed             seeds the producers' random choices.
     * @param acknowledgements told of each acknowledged reservation and commit.
     * @return the running load.
     */
    public static DemoLoad start(final StockRuntime runtime, final DemoCatalogue catalogue, final long ordersPerSecond,
        final long firstId, final long seed, final Acknowledgements acknowledgements)
    {
        if (ordersPerSecond < 1 || firstId < 1)
        {
            throw new IllegalArgumentException("ordersPerSecond and firstId must be >= 1, got " + ordersPerSecond +
                " and " + firstId);
        }
        final DemoLoad load = new DemoLoad(runtime, catalogue, ordersPerSecond, firstId, seed, acknowledgements);
        for (final Thread thread : load.threads)
        {
            thread.start();
        }
        return load;
    }

    /** @return orders answered, whatever the result. */
    public long ordersAnswered()
    {
        return answered.get();
    }

    /** @return reservations acknowledged OK. */
    public long reservations()
    {
        return reservations.get();
    }

    /** @return orders refused for lack of stock (INSUFFICIENT_STOCK): the oversell that did not happen. */
    public long refused()
    {
        return refused.get();
    }

    /** @return orders answered BACK_PRESSURED: the command ring stayed full. */
    public long backPressured()
    {
        return backPressured.get();
    }

    /** @return commits acknowledged OK. */
    public long committed()
    {
        return committed.get();
    }

    /** @return releases acknowledged OK. */
    public long released()
    {
        return released.get();
    }

    /** @return results of any other kind (the runtime failed or closed, an unexpected refusal). */
    public long otherResults()
    {
        return otherResults.get();
    }

    /**
     * The 99th percentile of order latency since the previous call; call from one thread only.
     *
     * @return nanoseconds, 0 if no order was answered since.
     */
    public long intervalP99Nanos()
    {
        interval = latency.getIntervalHistogram(interval);
        return interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(99);
    }

    /**
     * Stops taking new orders and waits for the producers to stop; results still in flight arrive later.
     */
    @Override
    public void close()
    {
        running = false;
        for (final Thread thread : threads)
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * What happens to a reservation once acknowledged, fixed by its id: below {@link #COMMIT_PERCENT} commit,
     * below their sum release, else abandon.
     */
    static int fate(final long reservationId)
    {
        long z = reservationId * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
        return (int)((z >>> 33) % 100);
    }

    /**
     * One producer thread with its client. Its result handler runs on the engine thread (or on this thread for
     * a result decided at once, such as BACK_PRESSURED) and hands acknowledged reservations back to this thread
     * through a one-to-one ring, so that the engine thread never waits on a producer.
     */
    private final class Producer implements Runnable, ResultHandler, MessageHandler
    {
        private static final int LATENCY_SLOTS = 1 << 16;

        private final DemoCatalogue catalogue;
        private final StockClient client;
        private final int index;
        private final long firstId;
        private final long intervalNanos;
        private final SplittableRandom random;
        private final long[] scheduledNanos = new long[LATENCY_SLOTS];
        private final OneToOneRingBuffer followUps = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(FOLLOW_UP_RING_LENGTH + RingBufferDescriptor.TRAILER_LENGTH)));
        private final UnsafeBuffer followUp = new UnsafeBuffer(new byte[Long.BYTES]);
        private final OrderLines lines = new OrderLines();
        private final OrderLines all = new OrderLines();
        private long sequence;

        Producer(final StockRuntime runtime, final DemoCatalogue catalogue, final int index, final long firstId,
            final long intervalNanos, final SplittableRandom random)
        {
            this.catalogue = catalogue;
            this.index = index;
            this.firstId = firstId;
            this.intervalNanos = intervalNanos;
            this.random = random;
            this.client = runtime.newClient(this);
        }

        @Override
        public void run()
        {
            long due = System.nanoTime();
            while (running)
            {
                int work = followUps.read(this, 64);
                final long now = System.nanoTime();
                if (now - due >= 0)
                {
                    takeOrder(due);
                    due += intervalNanos;
                    work++;
                }
                if (work == 0)
                {
                    final long wait = due - now;
                    if (wait > SPIN_NANOS)
                    {
                        LockSupport.parkNanos(wait);
                    }
                    else
                    {
                        Thread.onSpinWait();
                    }
                }
            }
        }

        private void takeOrder(final long scheduled)
        {
            final long id = firstId + sequence * PRODUCERS + index;
            scheduledNanos[(int)(sequence & (LATENCY_SLOTS - 1))] = scheduled;
            sequence++;
            lines.clear();
            for (int count = 1 + random.nextInt(3); lines.count() < count; )
            {
                final int product = catalogue.pickProduct(random);
                if (!contains(product))
                {
                    lines.add(product, 1 + random.nextInt(3));
                }
            }
            final long ttl = fate(id) >= COMMIT_PERCENT + RELEASE_PERCENT ? ABANDONED_TTL_MILLIS : CHECKOUT_TTL_MILLIS;
            client.reserve(correlation(RESERVE, id), id, ttl, lines);
        }

        private boolean contains(final int product)
        {
            for (int i = 0, n = lines.count(); i < n; i++)
            {
                if (lines.product(i) == product)
                {
                    return true;
                }
            }
            return false;
        }

        /** A reservation acknowledged on the engine thread, followed up here. */
        @Override
        public void onMessage(final int type, final MutableDirectBuffer buffer, final int offset, final int length)
        {
            final long id = buffer.getLong(offset);
            final int fate = fate(id);
            if (fate < COMMIT_PERCENT)
            {
                client.commit(correlation(COMMIT, id), id, all.clear());
            }
            else if (fate < COMMIT_PERCENT + RELEASE_PERCENT)
            {
                client.release(correlation(RELEASE, id), id);
            }
        }

        @Override
        public void onResult(final long correlationId, final Result result)
        {
            final long id = correlationId & ID_MASK;
            switch ((int)(correlationId >>> KIND_SHIFT))
            {
                case RESERVE -> onReserveResult(id, result);
                case COMMIT -> count(result, committed, id);
                default -> count(result, released, 0);
            }
        }

        private void onReserveResult(final long id, final Result result)
        {
            final long seq = (id - firstId) / PRODUCERS;
            latency.recordValue(Math.max(0, System.nanoTime() - scheduledNanos[(int)(seq & (LATENCY_SLOTS - 1))]));
            answered.incrementAndGet();
            switch (result)
            {
                case OK ->
                {
                    reservations.incrementAndGet();
                    acknowledgements.onReserved(id);
                    followUp.putLong(0, id);
                    // A full ring (the producer far behind) leaves the reservation open: still acknowledged,
                    // and its checkout hold keeps the stock, which is what a shop would see too.
                    followUps.write(1, followUp, 0, Long.BYTES);
                }
                case INSUFFICIENT_STOCK -> refused.incrementAndGet();
                case BACK_PRESSURED -> backPressured.incrementAndGet();
                default -> otherResults.incrementAndGet();
            }
        }

        private void count(final Result result, final AtomicLong okCounter, final long committedId)
        {
            if (result == Result.OK)
            {
                okCounter.incrementAndGet();
                if (committedId != 0)
                {
                    acknowledgements.onCommitted(committedId);
                }
            }
            else if (result != Result.RESERVATION_EXPIRED)
            {
                otherResults.incrementAndGet();
            }
        }

        private long correlation(final int kind, final long id)
        {
            return ((long)kind << KIND_SHIFT) | id;
        }
    }
}
