package dev.stockcore.bench.peers.redis;

import dev.stockcore.bench.peers.PeerLauncher;
import dev.stockcore.bench.peers.PeerScript;
import dev.stockcore.bench.peers.PeerServer;
import dev.stockcore.bench.peers.ScriptedPeerServer;

import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a throwaway Redis with {@code bench/scripts/redis.sh} (installing the package if missing) and connects a
 * {@link RedisPeer} to it.
 */
public final class RedisLauncher implements PeerLauncher
{
    /**
     * {@inheritDoc}
     */
    @Override
    public String name()
    {
        return RedisPeer.NAME;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public PeerServer launch(final Path workDir) throws Exception
    {
        final PeerScript script = PeerScript.locate(name(), "redis.sh");
        final Map<String, String> started = script.start(workDir);
        final RedisPeer peer = new RedisPeer("127.0.0.1", Integer.parseInt(started.get("port")));
        return ScriptedPeerServer.connect(peer, script, workDir);
    }
}
