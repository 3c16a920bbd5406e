package dev.stockcore.bench.peers.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stockcore.bench.peers.ReservationPeer;
import dev.stockcore.bench.workload.Catalogue;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PostgreSQL as a typical service would use it: stock in a {@code products} table, one row per product, and a
 * conditional {@code UPDATE ... WHERE physical - reserved >= qty} per holder inside a transaction, with the
 * reservation's lines inserted into {@code reservations} before the durable commit.
 * <p>
 * Schema, recreated by {@link #setUp(Catalogue)}:
 * <pre>
 *   products(id int PK, sku text UNIQUE, source int NULL -&gt; products.id, physical bigint, reserved bigint)
 *       available = physical - reserved; a virtual product has source set and holds no stock itself
 *   reservations(id bigint, line int, product int, holder int, qty bigint, state held|committed|released)
 *       PK (id, line); product as ordered, holder the row whose stock it took
 * </pre>
 * Connections come from a HikariCP pool; each {@link Session} keeps one for its lifetime. Transactions that fail
 * with a deadlock or serialization error are retried and counted in {@link #retries()}; with holders locked in
 * ascending order there should be none.
 */
public final class PostgresPeer implements ReservationPeer
{
    /**
     * The peer's name in reports.
     */
    public static final String NAME = "postgresql";

    private static final int COPY_CHUNK_ROWS = 10_000;
    private static final String[] SHOWN_SETTINGS = {"max_connections", "shared_buffers", "wal_buffers",
        "commit_delay", "commit_siblings", "synchronous_commit", "fsync", "wal_sync_method", "full_page_writes"};

    private final String host;
    private final int port;
    private final String user;
    private final String database;
    private final int poolSize;
    private final AtomicLong retries = new AtomicLong();
    private HikariDataSource dataSource;
    private volatile Catalogue catalogue;

    /**
     * @param host     server address, e.g. {@code 127.0.0.1}.
     * @param port     server port.
     * @param user     role to connect as.
     * @param database database holding the tables.
     * @param poolSize most connections open at once: sessions plus one for set-up and reads.
     */
    public PostgresPeer(final String host, final int port, final String user, final String database, final int poolSize)
    {
        if (poolSize < 2)
        {
            throw new IllegalArgumentException("poolSize must be at least 2 (one session and one for set-up), got " +
                poolSize);
        }
        this.host = host;
        this.port = port;
        this.user = user;
        this.database = database;
        this.poolSize = poolSize;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String name()
    {
        return NAME;
    }

    /**
     * Opens the pool, which connects once to prove the server is reachable.
     *
     * @throws Exception when it is not, with the JDBC URL in the message.
     */
    @Override
    public void start() throws Exception
    {
        final HikariConfig config = new HikariConfig();
        // reWriteBatchedInserts: a reservation's line inserts travel as one multi-row INSERT.
        config.setJdbcUrl("jdbc:postgresql://" + host + ":" + port + "/" + database + "?reWriteBatchedInserts=true");
        config.setUsername(user);
        config.setAutoCommit(false);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(10_000);
        config.setPoolName("stockcore-" + NAME);
        try
        {
            dataSource = new HikariDataSource(config);
        }
        catch (final RuntimeException ex)
        {
            throw new SQLException("cannot connect to " + config.getJdbcUrl() + " as " + user + ": " + ex.getMessage(),
                ex);
        }
    }

    /**
     * Drops and recreates both tables and loads the products with COPY.
     *
     * @param catalogue the products.
     * @throws Exception on a server error.
     */
    @Override
    public void setUp(final Catalogue catalogue) throws Exception
    {
        try (Connection connection = connection(); Statement statement = connection.createStatement())
        {
            statement.execute("DROP TABLE IF EXISTS reservations");
            statement.execute("DROP TABLE IF EXISTS products");
            // fillfactor: room on each page for the updated row versions, so that updates stay HOT.
            statement.execute("CREATE TABLE products (" +
                "id int PRIMARY KEY, " +
                "sku text NOT NULL UNIQUE, " +
                "source int REFERENCES products (id), " +
                "physical bigint NOT NULL, " +
                "reserved bigint NOT NULL, " +
                "CHECK (reserved >= 0 AND reserved <= physical)" +
                ") WITH (fillfactor = 80)");
            statement.execute("CREATE TABLE reservations (" +
                "id bigint NOT NULL, " +
                "line int NOT NULL, " +
                "product int NOT NULL, " +
                "holder int NOT NULL, " +
                "qty bigint NOT NULL, " +
                "state text NOT NULL CHECK (state IN ('held', 'committed', 'released')), " +
                "PRIMARY KEY (id, line))");
            copyProducts(connection, catalogue);
            statement.execute("ANALYZE products");
            connection.commit();
        }
        this.catalogue = catalogue;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public Session openSession() throws Exception
    {
        return new PostgresSession(connection(), catalogue(), retries);
    }

    /**
     * @param product physical product index.
     * @return initial stock minus physical plus reserved: units held or committed.
     * @throws Exception on a server error.
     */
    @Override
    public long taken(final int product) throws Exception
    {
        final Catalogue catalogue = catalogue();
        if (catalogue.source(product) >= 0)
        {
            throw new IllegalArgumentException("product " + product + " is virtual; its stock is taken from product " +
                catalogue.source(product));
        }
        try (Connection connection = connection();
            PreparedStatement read = connection.prepareStatement(
                "SELECT physical, reserved FROM products WHERE id = ?"))
        {
            read.setInt(1, product);
            try (ResultSet row = read.executeQuery())
            {
                if (!row.next())
                {
                    throw new IllegalArgumentException("product " + product + " is not in the products table");
                }
                final long taken = catalogue.initialStock() - row.getLong(1) + row.getLong(2);
                connection.commit();
                return taken;
            }
        }
    }

    /**
     * The server settings that shape commit throughput, as the server reports them ({@code SHOW}).
     *
     * @return e.g. {@code shared_buffers=1GB wal_buffers=16MB commit_delay=0 ...}.
     * @throws SQLException on a server error.
     */
    public String settings() throws SQLException
    {
        final StringBuilder settings = new StringBuilder();
        try (Connection connection = connection(); Statement statement = connection.createStatement())
        {
            for (final String name : SHOWN_SETTINGS)
            {
                try (ResultSet row = statement.executeQuery("SHOW " + name))
                {
                    row.next();
                    settings.append(settings.length() == 0 ? "" : " ").append(name).append('=').append(row.getString(1));
                }
            }
            connection.commit();
        }
        return settings.toString();
    }

    /**
     * Sets {@code commit_delay} and {@code commit_siblings} for the whole server (ALTER SYSTEM, then a reload):
     * a committing transaction waits up to the delay for others to join its WAL flush when at least that many
     * other transactions are active.
     *
     * @param delayMicros commit_delay, 0 to 100000 µs.
     * @param siblings    commit_siblings.
     * @throws SQLException on a server error.
     */
    public void commitDelay(final int delayMicros, final int siblings) throws SQLException
    {
        try (Connection connection = connection(); Statement statement = connection.createStatement())
        {
            connection.setAutoCommit(true);
            try
            {
                statement.execute("ALTER SYSTEM SET commit_delay = " + delayMicros);
                statement.execute("ALTER SYSTEM SET commit_siblings = " + siblings);
                statement.execute("SELECT pg_reload_conf()");
            }
            finally
            {
                connection.setAutoCommit(false);
            }
        }
    }

    /**
     * Gives every physical product a stock no calibration run can exhaust, so that a native tool's reserve always
     * takes the full path. Run after the oversell check: it changes the stock.
     *
     * @throws SQLException on a server error.
     */
    public void restockForCalibration() throws SQLException
    {
        try (Connection connection = connection(); Statement statement = connection.createStatement())
        {
            statement.execute("UPDATE products SET physical = physical + 1000000000000 WHERE source IS NULL");
            connection.commit();
        }
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
     * @return the role the peer connects as.
     */
    public String user()
    {
        return user;
    }

    /**
     * @return the database holding the tables.
     */
    public String database()
    {
        return database;
    }

    /**
     * @return transactions retried after a deadlock or serialization failure, over all sessions.
     */
    public long retries()
    {
        return retries.get();
    }

    /**
     * Closes the pool; sessions still open lose their connections.
     */
    @Override
    public void close()
    {
        if (dataSource != null)
        {
            dataSource.close();
        }
    }

    private Connection connection() throws SQLException
    {
        if (dataSource == null)
        {
            throw new IllegalStateException(NAME + " peer is not started: call start() first");
        }
        return dataSource.getConnection();
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

    private static void copyProducts(final Connection connection, final Catalogue catalogue) throws SQLException
    {
        final CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
            .copyIn("COPY products (id, sku, source, physical, reserved) FROM STDIN");
        try
        {
            final StringBuilder rows = new StringBuilder(COPY_CHUNK_ROWS * 32);
            for (int p = 0; p < catalogue.productCount(); p++)
            {
                final int source = catalogue.source(p);
                rows.append(p).append('\t').append(Catalogue.sku(p)).append('\t')
                    .append(source >= 0 ? Integer.toString(source) : "\\N").append('\t')
                    .append(source >= 0 ? 0 : catalogue.initialStock()).append("\t0\n");
                if ((p + 1) % COPY_CHUNK_ROWS == 0)
                {
                    write(copy, rows);
                }
            }
            write(copy, rows);
            copy.endCopy();
        }
        finally
        {
            if (copy.isActive())
            {
                copy.cancelCopy();
            }
        }
    }

    private static void write(final CopyIn copy, final StringBuilder rows) throws SQLException
    {
        final byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        rows.setLength(0);
    }
}
