package dev.stockcore.bench.peers.redis;

import dev.stockcore.bench.peers.HolderLines;
import dev.stockcore.bench.peers.ReservationPeer;
import dev.stockcore.bench.workload.Catalogue;
import dev.stockcore.bench.workload.OrderBatch;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One client's connection to {@link RedisPeer}. A batch travels as one pipeline: one EVALSHA per order written
 * back to back, then every reply read, so a batch of 16 costs one round trip instead of 16. Each script runs
 * atomically on the server, so the orders of a batch are still all-or-nothing one by one.
 */
final class RedisSession implements ReservationPeer.Session
{
    private static final long HELD = 1;
    private static final long ID_IN_USE = -1;

    private final Jedis jedis;
    private final RedisScripts scripts;
    private final Catalogue catalogue;
    private final byte[][] stockKeys;
    private final HolderLines holderLines = new HolderLines(8);
    private final List<Response<Object>> replies = new ArrayList<>();

    RedisSession(final Jedis jedis, final RedisScripts scripts, final Catalogue catalogue, final byte[][] stockKeys)
    {
        this.jedis = jedis;
        this.scripts = scripts;
        this.catalogue = catalogue;
        this.stockKeys = stockKeys;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void reserve(final OrderBatch orders, final boolean[] accepted)
    {
        replies.clear();
        try (Pipeline pipeline = jedis.pipelined())
        {
            for (int order = 0; order < orders.size(); order++)
            {
                holderLines.load(orders, order, catalogue);
                final int count = holderLines.count();
                final List<byte[]> keys = new ArrayList<>(count + 1);
                final List<byte[]> units = new ArrayList<>(count);
                keys.add(reservationKey(orders.reservationId(order)));
                for (int i = 0; i < count; i++)
                {
                    keys.add(stockKeys[holderLines.holder(i)]);
                    units.add(Protocol.toByteArray(holderLines.quantity(i)));
                }
                replies.add(pipeline.evalsha(scripts.reserve(), keys, units));
            }
            pipeline.sync();
        }
        for (int order = 0; order < orders.size(); order++)
        {
            final long result = (Long)replies.get(order).get();
            if (result == ID_IN_USE)
            {
                throw new IllegalStateException("reservation id " + orders.reservationId(order) +
                    " is already used; reservation ids must be unique per run");
            }
            accepted[order] = result == HELD;
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void commit(final long[] reservationIds, final int count)
    {
        settle(scripts.commit(), reservationIds, count);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void release(final long[] reservationIds, final int count)
    {
        settle(scripts.release(), reservationIds, count);
    }

    /**
     * Closes the connection.
     */
    @Override
    public void close()
    {
        jedis.close();
    }

    private void settle(final byte[] script, final long[] reservationIds, final int count)
    {
        replies.clear();
        try (Pipeline pipeline = jedis.pipelined())
        {
            for (int i = 0; i < count; i++)
            {
                replies.add(pipeline.evalsha(script, Collections.singletonList(reservationKey(reservationIds[i])),
                    Collections.emptyList()));
            }
            pipeline.sync();
        }
        for (int i = 0; i < count; i++)
        {
            replies.get(i).get();
        }
    }

    private static byte[] reservationKey(final long reservationId)
    {
        return RedisPeer.bytes("reservation:" + reservationId);
    }
}
