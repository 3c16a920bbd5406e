package dev.stockcore.bench.orientation;

import dev.stockcore.bench.peers.ReservationPeer;
import dev.stockcore.bench.workload.Catalogue;
import dev.stockcore.bench.workload.OrderBatch;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Client threads that each send a batch of orders, wait for the answers and send the next, as fast as the peer
 * answers. Batches that start inside the measured window are counted; the warm-up before it is not.
 */
public final class ClosedLoop
{
    private final ReservationPeer peer;
    private final int drawnFrom;
    private final int threads;
    private final int depth;
    private final int lines;

    /**
     * @param peer      set up with {@code catalogue}.
     * @param catalogue the products.
     * @param drawnFrom orders are drawn uniformly from products {@code 0..drawnFrom-1}.
     * @param threads   client threads, one session each.
     * @param depth     orders per pipelined batch.
     * @param lines     lines per order, one unit each.
     */
    public ClosedLoop(final ReservationPeer peer, final Catalogue catalogue, final int drawnFrom, final int threads,
        final int depth, final int lines)
    {
        if (drawnFrom < 1 || drawnFrom > catalogue.productCount())
        {
            throw new IllegalArgumentException("drawnFrom must be 1.." + catalogue.productCount() + ", got " +
                drawnFrom);
        }
        this.peer = peer;
        this.drawnFrom = drawnFrom;
        this.threads = threads;
        this.depth = depth;
        this.lines = lines;
    }

    /**
     * @param warmUpSeconds  run before measuring.
     * @param measureSeconds measured window.
     * @return orders answered and accepted in the window, over all threads.
     * @throws Exception the first failure of any client thread.
     */
    public ThroughputResult run(final double warmUpSeconds, final double measureSeconds) throws Exception
    {
        final long measureStart = System.nanoTime() + (long)(warmUpSeconds * 1e9);
        final long measureEnd = measureStart + (long)(measureSeconds * 1e9);
        final Client[] clients = new Client[threads];
        final Thread[] running = new Thread[threads];
        final AtomicReference<Exception> failure = new AtomicReference<>();
        for (int t = 0; t < threads; t++)
        {
            clients[t] = new Client(t, measureStart, measureEnd, failure);
            running[t] = new Thread(clients[t], "closed-loop-" + peer.name() + "-" + t);
            running[t].start();
        }
        long orders = 0;
        long accepted = 0;
        for (int t = 0; t < threads; t++)
        {
            running[t].join();
            orders += clients[t].orders;
            accepted += clients[t].accepted;
        }
        if (failure.get() != null)
        {
            throw failure.get();
        }
        return new ThroughputResult(orders, accepted, measureSeconds);
    }

    private final class Client implements Runnable
    {
        private final long measureStart;
        private final long measureEnd;
        private final AtomicReference<Exception> failure;
        private final SplittableRandom random;
        private final long firstId;
        private long orders;
        private long accepted;

        Client(final int index, final long measureStart, final long measureEnd,
            final AtomicReference<Exception> failure)
        {
            this.measureStart = measureStart;
            this.measureEnd = measureEnd;
            this.failure = failure;
            this.random = new SplittableRandom(index * 7919L + 1);
            this.firstId = (index + 1L) << 40;
        }

        @Override
        public void run()
        {
            final OrderBatch batch = new OrderBatch(depth, depth * lines);
            final boolean[] answers = new boolean[depth];
            long nextId = firstId;
            try (ReservationPeer.Session session = peer.openSession())
            {
                for (long start = System.nanoTime(); start < measureEnd && failure.get() == null;
                    start = System.nanoTime())
                {
                    batch.clear();
                    for (int o = 0; o < depth; o++)
                    {
                        batch.add(nextId++);
                        for (int l = 0; l < lines; l++)
                        {
                            batch.addLine(random.nextInt(drawnFrom), 1);
                        }
                    }
                    session.reserve(batch, answers);
                    if (start >= measureStart)
                    {
                        orders += depth;
                        for (int o = 0; o < depth; o++)
                        {
                            accepted += answers[o] ? 1 : 0;
                        }
                    }
                }
            }
            catch (final Exception ex)
            {
                failure.compareAndSet(null, ex);
            }
        }
    }
}
