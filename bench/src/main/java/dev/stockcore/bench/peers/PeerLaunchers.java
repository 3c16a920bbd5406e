package dev.stockcore.bench.peers;

import java.util.List;

/**
 * The peers that {@code ./stockcore bench} measures, in report order.
 */
public final class PeerLaunchers
{
    private PeerLaunchers()
    {
    }

    /**
     * The one list of peer launchers. Merge point: the PostgreSQL and Redis launchers
     * ({@code dev.stockcore.bench.peers.postgres.PostgresLauncher} and
     * {@code dev.stockcore.bench.peers.redis.RedisLauncher}) are added to this list, one line each, when their
     * branch is merged; nothing else needs to change for them to be run and reported.
     *
     * @return a new launcher per peer.
     */
    public static List<PeerLauncher> all()
    {
        return List.of(
            new InJvmLockedLauncher());
    }
}
