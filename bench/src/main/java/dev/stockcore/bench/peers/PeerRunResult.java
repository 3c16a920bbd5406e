package dev.stockcore.bench.peers;

/**
 * What one {@link PeerRunner} run measured: reservations per second at a client count and pipeline depth.
 */
public final class PeerRunResult
{
    private final String peer;
    private final int clients;
    private final int depth;
    private final double reservationsPerSecond;
    private final long reservations;
    private final long rejected;
    private final double harnessCpuCores;

    /**
     * @param peer                  the peer's name.
     * @param clients               client threads.
     * @param depth                 orders per reserve call.
     * @param reservationsPerSecond accepted reservations per second in the measured window.
     * @param reservations          accepted reservations in the measured window.
     * @param rejected              orders refused (insufficient stock) in the measured window.
     */
    public PeerRunResult(
        final String peer,
        final int clients,
        final int depth,
        final double reservationsPerSecond,
        final long reservations,
        final long rejected)
    {
        this(peer, clients, depth, reservationsPerSecond, reservations, rejected, Double.NaN);
    }

    /**
     * @param peer                  the peer's name.
     * @param clients               client threads.
     * @param depth                 orders per reserve call.
     * @param reservationsPerSecond accepted reservations per second in the measured window.
     * @param reservations          accepted reservations in the measured window.
     * @param rejected              orders refused for lack of stock in the measured window.
     * @param harnessCpuCores       CPU this JVM used over the run, in cores (CPU seconds per second), or NaN.
     */
    public PeerRunResult(
        final String peer,
        final int clients,
        final int depth,
        final double reservationsPerSecond,
        final long reservations,
        final long rejected,
        final double harnessCpuCores)
    {
        this.peer = peer;
        this.clients = clients;
        this.depth = depth;
        this.reservationsPerSecond = reservationsPerSecond;
        this.reservations = reservations;
        this.rejected = rejected;
        this.harnessCpuCores = harnessCpuCores;
    }

    /**
     * @return CPU this JVM (the harness, and any in-process peer) used over the run, in cores, or NaN.
     */
    public double harnessCpuCores()
    {
        return harnessCpuCores;
    }

    /**
     * Requests the server handled per second: one per order reserved or refused, and one commit or release per
     * accepted order. This is what a native tool running one request type counts, so calibration compares it.
     *
     * @return server requests per second in the measured window.
     */
    public double requestsPerSecond()
    {
        if (reservations == 0)
        {
            return 0;
        }
        return reservationsPerSecond * (2.0 * reservations + rejected) / reservations;
    }

    /**
     * @return the peer's name.
     */
    public String peer()
    {
        return peer;
    }

    /**
     * @return client threads.
     */
    public int clients()
    {
        return clients;
    }

    /**
     * @return orders per reserve call.
     */
    public int depth()
    {
        return depth;
    }

    /**
     * @return accepted reservations per second.
     */
    public double reservationsPerSecond()
    {
        return reservationsPerSecond;
    }

    /**
     * @return accepted reservations measured.
     */
    public long reservations()
    {
        return reservations;
    }

    /**
     * @return orders refused.
     */
    public long rejected()
    {
        return rejected;
    }

    @Override
    public String toString()
    {
        return String.format("%s: %,.0f reservations/s with %d clients x depth %d (%,d rejected)%s",
            peer, reservationsPerSecond, clients, depth, rejected,
            Double.isNaN(harnessCpuCores) ? "" : String.format("; harness JVM %.2f cores", harnessCpuCores));
    }
}
