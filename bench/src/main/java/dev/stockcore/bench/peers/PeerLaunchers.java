package dev.stockcore.bench.peers;

import dev.stockcore.bench.peers.postgres.PostgresLauncher;
import dev.stockcore.bench.peers.redis.RedisLauncher;
import dev.stockcore.bench.peers.redis.RedisPersistence;

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
     * The one list of peer launchers: the in-JVM locked map, then Redis with AOF everysec, with AOF always and
     * without persistence, then PostgreSQL, each server started by its script.
     *
     * @return a new launcher per peer.
     */
    public static List<PeerLauncher> all()
    {
        return List.of(
            new InJvmLockedLauncher(),
            new RedisLauncher(RedisPersistence.EVERYSEC),
            new RedisLauncher(RedisPersistence.ALWAYS),
            new RedisLauncher(RedisPersistence.NONE),
            new PostgresLauncher());
    }
}
