package dev.stockcore.bench.peers.redis;

import dev.stockcore.bench.peers.PeerLauncher;
import dev.stockcore.bench.peers.PeerScript;
import dev.stockcore.bench.peers.PeerServer;
import dev.stockcore.bench.peers.ScriptedPeerServer;

import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a throwaway Redis with {@code bench/scripts/redis.sh} (installing the package if missing), with one of the
 * {@link RedisPersistence} modes, and connects a {@link RedisPeer} named after that mode to it.
 */
public final class RedisLauncher implements PeerLauncher
{
    private final RedisPersistence persistence;

    /**
     * A launcher for Redis with AOF {@code appendfsync everysec}, the peer named {@code redis}.
     */
    public RedisLauncher()
    {
        this(RedisPersistence.EVERYSEC);
    }

    /**
     * @param persistence how the server keeps its data.
     */
    public RedisLauncher(final RedisPersistence persistence)
    {
        this.persistence = persistence;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String name()
    {
        return persistence.peerName();
    }

    /**
     * @return how the server this launcher starts keeps its data.
     */
    public RedisPersistence persistence()
    {
        return persistence;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public PeerServer launch(final Path workDir) throws Exception
    {
        final PeerScript script = PeerScript.locate(name(), "redis.sh");
        final Map<String, String> started = script.start(workDir, persistence.scriptMode());
        final RedisPeer peer = new RedisPeer("127.0.0.1", Integer.parseInt(started.get("port")), name());
        return ScriptedPeerServer.connect(peer, script, workDir);
    }
}
