package dev.stockcore.bench.peers;

import dev.stockcore.bench.workload.Catalogue;
import dev.stockcore.bench.workload.OrderBatch;
import dev.stockcore.bench.workload.OrderFate;
import dev.stockcore.bench.workload.OrderGenerator;
import dev.stockcore.bench.workload.WorkloadModel;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.function.LongSupplier;

/**
 * Drives a {@link ReservationPeer} as fast as it goes (closed loop: this measures throughput, the peak simulator
 * measures latency) with a number of client threads, each with its own session, reserving {@code depth} orders
 * per call (pipelined where the peer can), then committing the accepted orders whose fate is to be paid or
 * abandoned (peers have no time-to-live) and releasing the cancelled ones, 90% and 10% under the models.
 * <p>
 * Each thread uses its own seeded order stream over the model's shared popularity ranking and its own range of
 * reservation ids, unique for the runner's whole life, so that several runs can follow each other on one set-up
 * peer. Afterwards {@link #checkNoOversell} reads back the most ordered products: nothing may have taken more than
 * its starting stock.
 */
public final class PeerRunner
{
    /** Client counts tried by {@link #best}. */
    public static final int[] CLIENTS = {1, 2, 4, 8, 16};
    /** Pipeline depths tried for a remote peer (a server over loopback). */
    public static final int[] REMOTE_DEPTHS = {1, 16};
    /** Pipeline depths tried for an in-process peer, where there is nothing to pipeline. */
    public static final int[] IN_PROCESS_DEPTHS = {1};
    private static final int MAX_CLIENTS = 64;

    private final WorkloadModel model;
    private final Catalogue catalogue;
    private final long seed;
    private final long[] orderedPerHolder;
    private final LongSupplier clock;
    private int runs;

    /**
     * @param model the workload; its catalogue is what {@link #setUp} creates.
     * @param seed  seed of the order streams.
     */
    public PeerRunner(final WorkloadModel model, final long seed)
    {
        this(model, seed, System::nanoTime);
    }

    /**
     * @param model the workload; its catalogue is what {@link #setUp} creates.
     * @param seed  seed of the order streams.
     * @param clock where the window is opened and each client reads the time ({@link System#nanoTime()} scale),
     *              called from the client threads.
     */
    PeerRunner(final WorkloadModel model, final long seed, final LongSupplier clock)
    {
        this.clock = clock;
        this.model = model.conclude();
        this.catalogue = model.catalogue();
        this.seed = seed;
        orderedPerHolder = new long[catalogue.productCount()];
    }

    /**
     * @return the catalogue the peer is set up with.
     */
    public Catalogue catalogue()
    {
        return catalogue;
    }

    /**
     * Creates the catalogue in the peer, replacing its earlier state.
     *
     * @param peer the peer, started.
     * @throws Exception on a peer error.
     */
    public void setUp(final ReservationPeer peer) throws Exception
    {
        peer.setUp(catalogue);
        synchronized (orderedPerHolder)
        {
            Arrays.fill(orderedPerHolder, 0);
        }
    }

    /**
     * Tries every combination of client count and depth, printing each, and returns the fastest.
     *
     * @param peer     the peer, set up.
     * @param clients  client counts to try.
     * @param depths   depths to try.
     * @param warmUp   unmeasured time before each measurement.
     * @param measure  measured time of each combination.
     * @param progress where each combination's result is printed, or null.
     * @return the result with the most reservations per second.
     * @throws Exception on a peer error.
     */
    public PeerRunResult best(
        final ReservationPeer peer,
        final int[] clients,
        final int[] depths,
        final Duration warmUp,
        final Duration measure,
        final PrintStream progress) throws Exception
    {
        PeerRunResult best = null;
        for (final int clientCount : clients)
        {
            for (final int depth : depths)
            {
                final PeerRunResult result = run(peer, clientCount, depth, warmUp, measure);
                if (progress != null)
                {
                    progress.println("  " + result);
                }
                if (best == null || result.reservationsPerSecond() > best.reservationsPerSecond())
                {
                    best = result;
                }
            }
        }
        return best;
    }

    /**
     * Measures every point of a grid, printing each, and returns them all in grid order (clients, then depth);
     * {@link PeerGrid#best(List)} picks the best.
     *
     * @param peer     the peer, set up.
     * @param grid     the points.
     * @param warmUp   unmeasured time before each measurement.
     * @param measure  measured time of each point.
     * @param progress where each point's result is printed, or null.
     * @return one result per point.
     * @throws Exception on a peer error.
     */
    public List<PeerRunResult> grid(
        final ReservationPeer peer,
        final PeerGrid grid,
        final Duration warmUp,
        final Duration measure,
        final PrintStream progress) throws Exception
    {
        final List<PeerRunResult> results = new ArrayList<>(grid.size());
        for (final int clientCount : grid.clients())
        {
            for (final int depth : grid.depths())
            {
                final PeerRunResult result = run(peer, clientCount, depth, warmUp, measure);
                if (progress != null)
                {
                    progress.println("  " + result);
                }
                results.add(result);
            }
        }
        return results;
    }

    /**
     * One run: {@code clients} threads for {@code warmUp + measure}; orders whose reservation call started and
     * ended inside the measured window count.
     *
     * @param peer    the peer, set up.
     * @param clients client threads, 1..64.
     * @param depth   orders per reserve call, at least 1.
     * @param warmUp  unmeasured time first.
     * @param measure measured time.
     * @return the result.
     * @throws Exception the first client's failure, if any failed.
     */
    public PeerRunResult run(
        final ReservationPeer peer,
        final int clients,
        final int depth,
        final Duration warmUp,
        final Duration measure) throws Exception
    {
        if (clients < 1 || clients > MAX_CLIENTS || depth < 1)
        {
            throw new IllegalArgumentException("clients must be 1.." + MAX_CLIENTS + " and depth >= 1, got " +
                clients + " and " + depth);
        }
        final int run = runs++;
        final long cpuBefore = processCpuNanos();
        final long wallBefore = System.nanoTime();
        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        final Window window = new Window(warmUp.toNanos(), measure.toNanos());
        final CyclicBarrier start = new CyclicBarrier(clients, window::open);
        final ReservationPeer.Session[] sessions = openSessions(peer, clients);
        final Client[] workers = new Client[clients];
        final Thread[] threads = new Thread[clients];
        for (int t = 0; t < clients; t++)
        {
            final long firstId = 1 + (((long)run * MAX_CLIENTS + t) << 36);
            workers[t] = new Client(sessions[t],
                new OrderGenerator(model, seed * 1_000_003L + run * 131L + t, firstId, 1),
                depth, start, window, failures);
            threads[t] = new Thread(workers[t], peer.name() + "-client-" + t);
            threads[t].start();
        }
        long accepted = 0;
        long rejected = 0;
        for (int t = 0; t < clients; t++)
        {
            threads[t].join();
            accepted += workers[t].accepted;
            rejected += workers[t].rejected;
            synchronized (orderedPerHolder)
            {
                for (int p = 0; p < orderedPerHolder.length; p++)
                {
                    orderedPerHolder[p] += workers[t].orderedPerHolder[p];
                }
            }
        }
        if (!failures.isEmpty())
        {
            final Throwable first = failures.poll();
            final Exception failure = new Exception("peer " + peer.name() + " failed with " + clients +
                " clients at depth " + depth + ": " + first.getMessage(), first);
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
        final long cpuAfter = processCpuNanos();
        final double cpuCores = cpuBefore < 0 || cpuAfter < 0 ? Double.NaN :
            (double)(cpuAfter - cpuBefore) / Math.max(1, System.nanoTime() - wallBefore);
        return new PeerRunResult(
            peer.name(), clients, depth, accepted / (measure.toNanos() / 1e9), accepted, rejected, cpuCores);
    }

    private static long processCpuNanos()
    {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
        {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static ReservationPeer.Session[] openSessions(final ReservationPeer peer, final int clients)
        throws Exception
    {
        final ReservationPeer.Session[] sessions = new ReservationPeer.Session[clients];
        try
        {
            for (int t = 0; t < clients; t++)
            {
                sessions[t] = peer.openSession();
            }
            return sessions;
        }
        catch (final Exception ex)
        {
            for (final ReservationPeer.Session session : sessions)
            {
                if (session != null)
                {
                    try
                    {
                        session.close();
                    }
                    catch (final Exception closeFailure)
                    {
                        ex.addSuppressed(closeFailure);
                    }
                }
            }
            throw new Exception("peer " + peer.name() + ": could not open " + clients + " sessions: " +
                ex.getMessage(), ex);
        }
    }

    /**
     * Reads back the most ordered physical products (every one ordered, up to {@code limit}) and checks that none
     * has more taken (held plus committed) than its starting stock.
     *
     * @param peer  the peer after one or more runs.
     * @param limit most products to read back (a remote read each).
     * @return the check's outcome.
     * @throws Exception on a peer error.
     */
    public OversellCheck checkNoOversell(final ReservationPeer peer, final int limit) throws Exception
    {
        final List<Integer> ordered = new ArrayList<>();
        synchronized (orderedPerHolder)
        {
            for (int p = 0; p < orderedPerHolder.length; p++)
            {
                if (orderedPerHolder[p] > 0)
                {
                    ordered.add(p);
                }
            }
            ordered.sort((a, b) -> Long.compare(orderedPerHolder[b], orderedPerHolder[a]));
        }
        final List<String> violations = new ArrayList<>();
        final int checked = Math.min(limit, ordered.size());
        for (int i = 0; i < checked; i++)
        {
            final int product = ordered.get(i);
            final long taken = peer.taken(product);
            if (taken < 0 || taken > catalogue.initialStock())
            {
                violations.add(Catalogue.sku(product) + " has " + taken + " taken of " + catalogue.initialStock());
            }
        }
        return new OversellCheck(checked, violations);
    }

    /**
     * The outcome of {@link #checkNoOversell}.
     *
     * @param checked    products read back.
     * @param violations one line per product with more taken than its stock (or a negative figure).
     */
    public record OversellCheck(int checked, List<String> violations)
    {
        /**
         * @return whether no product was oversold.
         */
        public boolean ok()
        {
            return violations.isEmpty();
        }
    }

    /** The measured window, fixed when every client is ready. */
    private final class Window
    {
        private final long warmUpNanos;
        private final long measureNanos;
        private volatile long measureStart;
        private volatile long measureEnd;

        Window(final long warmUpNanos, final long measureNanos)
        {
            this.warmUpNanos = warmUpNanos;
            this.measureNanos = measureNanos;
        }

        void open()
        {
            final long start = clock.getAsLong() + warmUpNanos;
            measureStart = start;
            measureEnd = start + measureNanos;
        }
    }

    /** One client thread. */
    private final class Client implements Runnable
    {
        private final ReservationPeer.Session session;
        private final OrderGenerator orders;
        private final int depth;
        private final CyclicBarrier start;
        private final Window window;
        private final ConcurrentLinkedQueue<Throwable> failures;
        private final OrderBatch batch;
        private final OrderFate[] fates;
        private final boolean[] accepts;
        private final long[] commitIds;
        private final long[] releaseIds;
        final long[] orderedPerHolder = new long[catalogue.productCount()];
        long accepted;
        long rejected;

        Client(
            final ReservationPeer.Session session,
            final OrderGenerator orders,
            final int depth,
            final CyclicBarrier start,
            final Window window,
            final ConcurrentLinkedQueue<Throwable> failures)
        {
            this.session = session;
            this.orders = orders;
            this.depth = depth;
            this.start = start;
            this.window = window;
            this.failures = failures;
            batch = new OrderBatch(depth, depth * model.maxLines());
            fates = new OrderFate[depth];
            accepts = new boolean[depth];
            commitIds = new long[depth];
            releaseIds = new long[depth];
        }

        @Override
        public void run()
        {
            try (ReservationPeer.Session closing = session)
            {
                start.await();
                final long measureStart = window.measureStart;
                final long measureEnd = window.measureEnd;
                long now = clock.getAsLong();
                while (now < measureEnd)
                {
                    orders.fill(batch, depth, fates);
                    session.reserve(batch, accepts);
                    int commits = 0;
                    int releases = 0;
                    int ok = 0;
                    for (int o = 0; o < depth; o++)
                    {
                        if (accepts[o])
                        {
                            ok++;
                            countHolders(o);
                            if (fates[o] == OrderFate.RELEASE)
                            {
                                releaseIds[releases++] = batch.reservationId(o);
                            }
                            else
                            {
                                commitIds[commits++] = batch.reservationId(o);
                            }
                        }
                    }
                    if (commits > 0)
                    {
                        session.commit(commitIds, commits);
                    }
                    if (releases > 0)
                    {
                        session.release(releaseIds, releases);
                    }
                    final long done = clock.getAsLong();
                    if (now >= measureStart && done <= measureEnd)
                    {
                        accepted += ok;
                        rejected += depth - ok;
                    }
                    now = done;
                }
            }
            catch (final InterruptedException | BrokenBarrierException ex)
            {
                failures.add(ex);
                Thread.currentThread().interrupt();
            }
            catch (final Exception | Error ex)
            {
                failures.add(ex);
            }
        }

        private void countHolders(final int order)
        {
            for (int line = batch.lineStart(order), end = line + batch.lineCount(order); line < end; line++)
            {
                orderedPerHolder[catalogue.holder(batch.product(line))] += batch.quantity(line);
            }
        }
    }
}
