package dev.stockcore.bench.peers.redis;

/**
 * How a benchmark Redis keeps its data, as {@code bench/scripts/redis.sh start DIR MODE} configures it, each a
 * separate peer in the report: the name is its key in {@code summary.json}'s {@code peers}.
 */
public enum RedisPersistence
{
    /**
     * {@code appendonly yes, appendfsync everysec}: the durable row group's peer for the runtime under ASYNC.
     */
    EVERYSEC("redis", "everysec",
        "AOF written (page cache) before the reply, fsync once a second: survives kill -9, power loss drops ~1 s"),
    /**
     * {@code appendonly yes, appendfsync always}: the durable row group's peer for the runtime under SYNC.
     */
    ALWAYS("redis_aof_always", "always",
        "AOF fsync'd before the reply: survives power loss"),
    /**
     * {@code appendonly no}: the memory row group's peer.
     */
    NONE("redis_no_persistence", "none",
        "nothing: memory only, lost with the process");

    private final String peerName;
    private final String scriptMode;
    private final String durableAtOk;

    RedisPersistence(final String peerName, final String scriptMode, final String durableAtOk)
    {
        this.peerName = peerName;
        this.scriptMode = scriptMode;
        this.durableAtOk = durableAtOk;
    }

    /**
     * @return the peer's name in reports and {@code summary.json}.
     */
    public String peerName()
    {
        return peerName;
    }

    /**
     * @return the mode argument of {@code redis.sh start DIR MODE}.
     */
    public String scriptMode()
    {
        return scriptMode;
    }

    /**
     * @return what is durable when the client is told OK.
     */
    public String durableAtOk()
    {
        return durableAtOk;
    }
}
