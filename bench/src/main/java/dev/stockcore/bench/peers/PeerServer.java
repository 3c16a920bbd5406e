package dev.stockcore.bench.peers;

/**
 * A peer together with the server process its script started for this run; closing it disconnects the peer and
 * stops the server (its temporary data directory is removed by the script).
 */
public interface PeerServer extends AutoCloseable
{
    /**
     * @return the peer, connected to the started server.
     */
    ReservationPeer peer();

    /**
     * Disconnects and stops the server. Never throws: a failure to stop is printed to stderr.
     */
    @Override
    void close();
}
