package dev.stockcore.bench.peers.postgres;

import dev.stockcore.bench.peers.PeerLauncher;
import dev.stockcore.bench.peers.ReservationPeer;
import dev.stockcore.bench.peers.ReservationPeerContract;

/**
 * The peer contract against a real PostgreSQL 15 started by {@code bench/scripts/postgresql.sh}.
 */
class PostgresPeerTest extends ReservationPeerContract
{
    @Override
    protected PeerLauncher launcher()
    {
        return new PostgresLauncher(8);
    }

    @Override
    protected long retries(final ReservationPeer peer)
    {
        return ((PostgresPeer)peer).retries();
    }
}
