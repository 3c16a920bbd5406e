package dev.stockcore.bench.peers;

import java.nio.file.Path;

/**
 * Installs (if missing) and starts a peer's server on loopback, into a temporary data directory under
 * {@code workDir}, and connects a peer to it.
 */
public interface PeerLauncher
{
    /**
     * @return the peer's name, as in {@link ReservationPeer#name()}; reports use it when the launch fails.
     */
    String name();

    /**
     * @param workDir directory for the server's data and logs, created if missing.
     * @return the running server and its connected peer.
     * @throws Exception with a message saying what could not be done (package missing and not installable,
     *                   server did not start, with the log's last lines) so that a report can print it.
     */
    PeerServer launch(Path workDir) throws Exception;
}
