package dev.stockcore.bench.peers.redis;

import dev.stockcore.bench.peers.ReservationPeer;
import dev.stockcore.bench.workload.Catalogue;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisProtocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Redis as a typical service would use it for stock: one hash per physical product and Lua scripts that check
 * and move units atomically, called by their SHA1 with EVALSHA.
 * <p>
 * Keys, recreated by {@link #setUp(Catalogue)} (which flushes the database):
 * <pre>
 *   stock:&lt;SKU&gt;          hash  physical, reserved      one per physical product; available = physical - reserved
 *   reservation:&lt;id&gt;     hash  state (held|committed|released), and stock:&lt;SKU&gt; -&gt; units per holder
 * </pre>
 * A virtual product has no key of its own: the client maps its lines to the source's {@code stock:} key, as the
 * order is sent. The scripts are {@code reserve.lua}, {@code commit.lua} and {@code release.lua} beside this class.
 * Each {@link Session} has its own connection, speaking RESP directly (see {@code RedisSession}); set-up and
 * reads go through Jedis.
 */
public final class RedisPeer implements ReservationPeer
{
    /**
     * The peer's name in reports.
     */
    public static final String NAME = "redis";

    /**
     * Socket timeout: long enough to ride out an AOF fsync stall on a busy machine without failing a run.
     */
    static final int TIMEOUT_MILLIS = 10_000;

    private static final int LOAD_PIPELINE = 10_000;
    private static final byte[] PHYSICAL = bytes("physical");
    private static final byte[] RESERVED = bytes("reserved");

    private final String host;
    private final int port;
    private final String name;
    private final JedisClientConfig clientConfig;
    private Jedis control;
    private RedisScripts scripts;
    private volatile Catalogue catalogue;
    private volatile byte[][] stockKeys;

    /**
     * @param host server address, e.g. {@code 127.0.0.1}.
     * @param port server port.
     */
    public RedisPeer(final String host, final int port)
    {
        this(host, port, NAME);
    }

    /**
     * @param host server address, e.g. {@code 127.0.0.1}.
     * @param port server port.
     * @param name the peer's name in reports, e.g. {@link RedisPersistence#peerName()}.
     */
    public RedisPeer(final String host, final int port, final String name)
    {
        this.host = host;
        this.port = port;
        this.name = name;
        this.clientConfig = DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(TIMEOUT_MILLIS)
            .socketTimeoutMillis(TIMEOUT_MILLIS)
            .clientName("stockcore-bench")
            .protocol(RedisProtocol.RESP2)
            .build();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String name()
    {
        return name;
    }

    /**
     * @return the server's address.
     */
    public String host()
    {
        return host;
    }

    /**
     * @return the server's port.
     */
    public int port()
    {
        return port;
    }

    /**
     * @return the SHA1 of the loaded {@code reserve.lua}, as EVALSHA takes it, once started.
     */
    public String reserveSha()
    {
        return new String(scripts.reserve(), StandardCharsets.US_ASCII);
    }

    /**
     * Creates stock hashes outside the benchmark's catalogue ({@code stock:calibration:<i>}, each with a stock no
     * run can exhaust) for a native tool's calibration run of the same reserve script.
     *
     * @param count hashes to create.
     * @return their keys.
     */
    public String[] calibrationStockKeys(final int count)
    {
        final String[] keys = new String[count];
        for (int i = 0; i < count; i++)
        {
            keys[i] = "stock:calibration:" + i;
            control().hset(bytes(keys[i]), PHYSICAL, Protocol.toByteArray(Long.MAX_VALUE / 4));
            control().hset(bytes(keys[i]), RESERVED, Protocol.toByteArray(0L));
        }
        return keys;
    }

    /**
     * Connects and loads the three scripts with SCRIPT LOAD.
     *
     * @throws Exception when the server cannot be reached, with its address in the message.
     */
    @Override
    public void start() throws Exception
    {
        control = new Jedis(host, port, clientConfig);
        try
        {
            control.ping();
            scripts = new RedisScripts(
                control.scriptLoad(script("reserve.lua")),
                control.scriptLoad(script("commit.lua")),
                control.scriptLoad(script("release.lua")));
        }
        catch (final RuntimeException ex)
        {
            control.close();
            control = null;
            throw new IOException("cannot use Redis at " + host + ":" + port + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Flushes the database and writes one stock hash per physical product, pipelined.
     *
     * @param catalogue the products.
     * @throws Exception on a server error.
     */
    @Override
    public void setUp(final Catalogue catalogue) throws Exception
    {
        final Jedis jedis = control();
        jedis.flushDB();
        final byte[][] keys = new byte[catalogue.productCount()][];
        final byte[] initial = Protocol.toByteArray(catalogue.initialStock());
        final byte[] zero = Protocol.toByteArray(0L);
        try (Pipeline pipeline = jedis.pipelined())
        {
            for (int p = 0; p < catalogue.productCount(); p++)
            {
                keys[p] = stockKey(catalogue.holder(p));
                if (catalogue.source(p) < 0)
                {
                    pipeline.hset(keys[p], PHYSICAL, initial);
                    pipeline.hset(keys[p], RESERVED, zero);
                    if ((p + 1) % LOAD_PIPELINE == 0)
                    {
                        pipeline.sync();
                    }
                }
            }
            pipeline.sync();
        }
        this.stockKeys = keys;
        this.catalogue = catalogue;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public Session openSession() throws Exception
    {
        final Catalogue current = catalogue();
        return new RedisSession(host, port, TIMEOUT_MILLIS, scripts, current, stockKeys);
    }

    /**
     * @param product physical product index.
     * @return initial stock minus physical plus reserved: units held or committed.
     * @throws Exception on a server error.
     */
    @Override
    public long taken(final int product) throws Exception
    {
        final Catalogue current = catalogue();
        if (current.source(product) >= 0)
        {
            throw new IllegalArgumentException("product " + product + " is virtual; its stock is taken from product " +
                current.source(product));
        }
        final List<byte[]> stock = control().hmget(stockKeys[product], PHYSICAL, RESERVED);
        if (stock.get(0) == null || stock.get(1) == null)
        {
            throw new IllegalStateException("no stock hash for product " + product + " (" + Catalogue.sku(product) +
                "); was setUp(catalogue) called on this server?");
        }
        return current.initialStock() - parse(stock.get(0)) + parse(stock.get(1));
    }

    /**
     * Disconnects the control connection; sessions close their own.
     */
    @Override
    public void close()
    {
        if (control != null)
        {
            control.close();
            control = null;
        }
    }

    static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] stockKey(final int holder)
    {
        return bytes("stock:" + Catalogue.sku(holder));
    }

    private static long parse(final byte[] number)
    {
        return Long.parseLong(new String(number, StandardCharsets.US_ASCII));
    }

    private Jedis control()
    {
        if (control == null)
        {
            throw new IllegalStateException(NAME + " peer is not started: call start() first");
        }
        return control;
    }

    private Catalogue catalogue()
    {
        final Catalogue current = catalogue;
        if (current == null)
        {
            throw new IllegalStateException(NAME + " peer has no products: call setUp(catalogue) first");
        }
        return current;
    }

    private static byte[] script(final String resource)
    {
        try (InputStream in = RedisPeer.class.getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new IllegalStateException(resource + " is missing from the classpath beside " +
                    RedisPeer.class.getName() + "; rebuild the bench module");
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + resource, ex);
        }
    }
}
