package dev.stockcore.bench.peers.redis;

import dev.stockcore.bench.peers.PeerLauncher;
import dev.stockcore.bench.peers.ReservationPeerContract;

/**
 * The peer contract against a real Redis started by {@code bench/scripts/redis.sh}.
 */
class RedisPeerTest extends ReservationPeerContract
{
    @Override
    protected PeerLauncher launcher()
    {
        return new RedisLauncher();
    }
}
