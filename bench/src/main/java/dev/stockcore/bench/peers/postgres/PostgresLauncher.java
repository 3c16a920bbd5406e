package dev.stockcore.bench.peers.postgres;

import dev.stockcore.bench.peers.PeerLauncher;
import dev.stockcore.bench.peers.PeerScript;
import dev.stockcore.bench.peers.PeerServer;
import dev.stockcore.bench.peers.ScriptedPeerServer;

import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a throwaway PostgreSQL 15 with {@code bench/scripts/postgresql.sh} (installing the package if missing)
 * and connects a {@link PostgresPeer} to it.
 */
public final class PostgresLauncher implements PeerLauncher
{
    /**
     * Connections the peer's pool may open: enough for 64 client sessions (the top of the benchmark's grid) and
     * one for set-up and reads, under the server's {@code max_connections} of 80.
     */
    public static final int DEFAULT_POOL_SIZE = 65;

    private final int poolSize;

    /**
     * A launcher whose peer pools up to {@link #DEFAULT_POOL_SIZE} connections.
     */
    public PostgresLauncher()
    {
        this(DEFAULT_POOL_SIZE);
    }

    /**
     * @param poolSize most connections the peer opens: client sessions plus one.
     */
    public PostgresLauncher(final int poolSize)
    {
        this.poolSize = poolSize;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String name()
    {
        return PostgresPeer.NAME;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public PeerServer launch(final Path workDir) throws Exception
    {
        final PeerScript script = PeerScript.locate(name(), "postgresql.sh");
        final Map<String, String> started = script.start(workDir);
        final PostgresPeer peer = new PostgresPeer("127.0.0.1", Integer.parseInt(started.get("port")),
            started.getOrDefault("user", "stockcore"), started.getOrDefault("database", "stockcore"), poolSize);
        return ScriptedPeerServer.connect(peer, script, workDir);
    }
}
