package dev.stockcore.bench.peers;

import java.util.Arrays;
import java.util.List;

/**
 * The points a peer is measured at to find its best: every client count with every pipeline depth. Remote servers
 * get clients 1 to 64 and, where requests can be pipelined (Redis), depths 1 to 128; PostgreSQL runs one dependent
 * transaction after the other per connection, so only clients vary. The grids are powers of 4 (and the top of
 * the range) in {@code --quick}, where a 2-core machine must get through them in seconds, and denser in the full
 * run.
 *
 * @param clients client counts, ascending.
 * @param depths  pipeline depths, ascending.
 */
public record PeerGrid(int[] clients, int[] depths)
{
    /** Client counts of a remote peer in {@code --quick}. */
    static final int[] QUICK_CLIENTS = {1, 4, 16, 64};
    /** Client counts of a remote peer in the full run. */
    static final int[] FULL_CLIENTS = {1, 2, 4, 8, 16, 32, 64};
    /** Pipeline depths of Redis in {@code --quick}. */
    static final int[] QUICK_DEPTHS = {1, 16, 128};
    /** Pipeline depths of Redis in the full run. */
    static final int[] FULL_DEPTHS = {1, 4, 16, 64, 128};
    /** Client threads of the in-process peer in {@code --quick}: more threads than cores only queue on locks. */
    static final int[] QUICK_IN_PROCESS_CLIENTS = {1, 2, 4};
    /** Client threads of the in-process peer in the full run. */
    static final int[] FULL_IN_PROCESS_CLIENTS = {1, 2, 4, 8, 16};
    private static final int[] DEPTH_ONE = {1};

    /**
     * @param clients client counts, each 1 to 64.
     * @param depths  pipeline depths, each at least 1.
     */
    public PeerGrid
    {
        if (clients.length == 0 || depths.length == 0)
        {
            throw new IllegalArgumentException("a grid needs at least one client count and one depth");
        }
        clients = clients.clone();
        depths = depths.clone();
    }

    /**
     * @param pipelined whether the peer pipelines a batch of requests on one connection (Redis).
     * @param quick     whether this is {@code bench --quick}.
     * @return the grid of a server peer.
     */
    public static PeerGrid remote(final boolean pipelined, final boolean quick)
    {
        return new PeerGrid(quick ? QUICK_CLIENTS : FULL_CLIENTS,
            pipelined ? (quick ? QUICK_DEPTHS : FULL_DEPTHS) : DEPTH_ONE);
    }

    /**
     * @param quick whether this is {@code bench --quick}.
     * @return the grid of an in-process peer, depth 1.
     */
    public static PeerGrid inProcess(final boolean quick)
    {
        return new PeerGrid(quick ? QUICK_IN_PROCESS_CLIENTS : FULL_IN_PROCESS_CLIENTS, DEPTH_ONE);
    }

    /**
     * @return points in the grid.
     */
    public int size()
    {
        return clients.length * depths.length;
    }

    /**
     * @return the largest client count, the pool size a peer needs for its sessions.
     */
    public int maxClients()
    {
        return Arrays.stream(clients).max().orElse(1);
    }

    /**
     * The best of a grid's results: the most reservations per second; of equal rates, the fewer clients and then
     * the shallower depth (the cheaper configuration reaching the same rate).
     *
     * @param results one per measured point.
     * @return the best, or null when there is none.
     */
    public static PeerRunResult best(final List<PeerRunResult> results)
    {
        PeerRunResult best = null;
        for (final PeerRunResult result : results)
        {
            if (best == null || better(result, best))
            {
                best = result;
            }
        }
        return best;
    }

    private static boolean better(final PeerRunResult candidate, final PeerRunResult best)
    {
        if (candidate.reservationsPerSecond() != best.reservationsPerSecond())
        {
            return candidate.reservationsPerSecond() > best.reservationsPerSecond();
        }
        if (candidate.clients() != best.clients())
        {
            return candidate.clients() < best.clients();
        }
        return candidate.depth() < best.depth();
    }

    @Override
    public String toString()
    {
        return "clients " + Arrays.toString(clients) + " x depth " + Arrays.toString(depths);
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof PeerGrid grid && Arrays.equals(clients, grid.clients) &&
            Arrays.equals(depths, grid.depths);
    }

    @Override
    public int hashCode()
    {
        return 31 * Arrays.hashCode(clients) + Arrays.hashCode(depths);
    }

    @Override
    public int[] clients()
    {
        return clients.clone();
    }

    @Override
    public int[] depths()
    {
        return depths.clone();
    }
}
