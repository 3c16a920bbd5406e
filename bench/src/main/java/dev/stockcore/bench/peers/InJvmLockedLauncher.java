package dev.stockcore.bench.peers;

import java.nio.file.Path;

/**
 * Launches the {@link InJvmLockedPeer}: no server to start, nothing to install, no data directory.
 */
public final class InJvmLockedLauncher implements PeerLauncher
{
    @Override
    public String name()
    {
        return InJvmLockedPeer.NAME;
    }

    @Override
    public PeerServer launch(final Path workDir)
    {
        final InJvmLockedPeer peer = new InJvmLockedPeer();
        peer.start();
        return new PeerServer()
        {
            @Override
            public ReservationPeer peer()
            {
                return peer;
            }

            @Override
            public void close()
            {
                peer.close();
            }
        };
    }
}
