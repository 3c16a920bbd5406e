package dev.stockcore.bench.peers.postgres;

import dev.stockcore.bench.peers.HolderLines;
import dev.stockcore.bench.peers.ReservationPeer;
import dev.stockcore.bench.workload.Catalogue;
import dev.stockcore.bench.workload.OrderBatch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client's connection to {@link PostgresPeer}: every reservation, commit and release is its own transaction,
 * committed durably, and the orders of a batch run one after the other on this connection (PostgreSQL has no
 * pipelining of transactions that depend on a result).
 * <p>
 * Lock order: a reservation locks its holders' {@code products} rows in ascending id, then inserts its new
 * {@code reservations} rows; a commit or release locks the reservation's rows, then its holders in ascending id.
 * Neither waits for a row the other may hold while holding one it needs, so they cannot deadlock.
 */
final class PostgresSession implements ReservationPeer.Session
{
    private static final int MAX_ATTEMPTS = 20;
    private static final String DEADLOCK = "40P01";
    private static final String SERIALIZATION_FAILURE = "40001";

    private final Connection connection;
    private final Catalogue catalogue;
    private final AtomicLong retries;
    private final HolderLines holderLines = new HolderLines(8);
    private final PreparedStatement hold;
    private final PreparedStatement record;
    private final PreparedStatement markCommitted;
    private final PreparedStatement markReleased;
    private final PreparedStatement take;
    private final PreparedStatement unhold;

    PostgresSession(final Connection connection, final Catalogue catalogue, final AtomicLong retries)
        throws SQLException
    {
        this.connection = connection;
        this.catalogue = catalogue;
        this.retries = retries;
        try
        {
            hold = connection.prepareStatement(
                "UPDATE products SET reserved = reserved + ? WHERE id = ? AND physical - reserved >= ?");
            record = connection.prepareStatement(
                "INSERT INTO reservations (id, line, product, holder, qty, state) VALUES (?, ?, ?, ?, ?, 'held')");
            markCommitted = connection.prepareStatement(
                "UPDATE reservations SET state = 'committed' WHERE id = ? AND state = 'held' RETURNING holder, qty");
            markReleased = connection.prepareStatement(
                "UPDATE reservations SET state = 'released' WHERE id = ? AND state = 'held' RETURNING holder, qty");
            take = connection.prepareStatement(
                "UPDATE products SET physical = physical - ?, reserved = reserved - ? WHERE id = ?");
            unhold = connection.prepareStatement(
                "UPDATE products SET reserved = reserved - ? WHERE id = ?");
        }
        catch (final SQLException ex)
        {
            connection.close();
            throw ex;
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void reserve(final OrderBatch orders, final boolean[] accepted) throws SQLException
    {
        for (int order = 0; order < orders.size(); order++)
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    accepted[order] = reserveOnce(orders, order);
                    break;
                }
                catch (final SQLException ex)
                {
                    retryOrThrow(ex, attempt);
                }
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void commit(final long[] reservationIds, final int count) throws SQLException
    {
        settle(reservationIds, count, markCommitted, true);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void release(final long[] reservationIds, final int count) throws SQLException
    {
        settle(reservationIds, count, markReleased, false);
    }

    /**
     * Returns the connection to the pool.
     */
    @Override
    public void close() throws SQLException
    {
        connection.close();
    }

    private boolean reserveOnce(final OrderBatch orders, final int order) throws SQLException
    {
        holderLines.load(orders, order, catalogue);
        for (int i = 0; i < holderLines.count(); i++)
        {
            final long quantity = holderLines.quantity(i);
            hold.setLong(1, quantity);
            hold.setInt(2, holderLines.holder(i));
            hold.setLong(3, quantity);
            hold.addBatch();
        }
        final int[] updated = hold.executeBatch();
        for (final int rows : updated)
        {
            if (rows != 1)
            {
                connection.rollback();
                return false;
            }
        }

        final long reservationId = orders.reservationId(order);
        final int start = orders.lineStart(order);
        final int end = start + orders.lineCount(order);
        for (int line = start; line < end; line++)
        {
            final int product = orders.product(line);
            record.setLong(1, reservationId);
            record.setInt(2, line - start);
            record.setInt(3, product);
            record.setInt(4, catalogue.holder(product));
            record.setLong(5, orders.quantity(line));
            record.addBatch();
        }
        record.executeBatch();
        connection.commit();
        return true;
    }

    private void settle(final long[] reservationIds, final int count, final PreparedStatement mark,
        final boolean commit) throws SQLException
    {
        for (int i = 0; i < count; i++)
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    settleOnce(reservationIds[i], mark, commit);
                    break;
                }
                catch (final SQLException ex)
                {
                    retryOrThrow(ex, attempt);
                }
            }
        }
    }

    private void settleOnce(final long reservationId, final PreparedStatement mark, final boolean commit)
        throws SQLException
    {
        holderLines.clear();
        mark.setLong(1, reservationId);
        try (ResultSet lines = mark.executeQuery())
        {
            while (lines.next())
            {
                holderLines.add(lines.getInt(1), lines.getLong(2));
            }
        }
        if (holderLines.count() == 0)
        {
            // Unknown, or already committed or released: nothing to move.
            connection.rollback();
            return;
        }

        final PreparedStatement apply = commit ? take : unhold;
        for (int i = 0; i < holderLines.count(); i++)
        {
            final long quantity = holderLines.quantity(i);
            int parameter = 1;
            apply.setLong(parameter++, quantity);
            if (commit)
            {
                apply.setLong(parameter++, quantity);
            }
            apply.setInt(parameter, holderLines.holder(i));
            apply.addBatch();
        }
        final int[] updated = apply.executeBatch();
        for (int i = 0; i < updated.length; i++)
        {
            if (updated[i] != 1)
            {
                connection.rollback();
                throw new IllegalStateException("reservation " + reservationId + " holds units on product " +
                    holderLines.holder(i) + ", which is not in the products table");
            }
        }
        connection.commit();
    }

    private void retryOrThrow(final SQLException ex, final int attempt) throws SQLException
    {
        rollbackQuietly(ex);
        if (attempt >= MAX_ATTEMPTS || !isRetryable(ex))
        {
            throw ex;
        }
        retries.incrementAndGet();
    }

    private void rollbackQuietly(final SQLException cause)
    {
        try
        {
            connection.rollback();
        }
        catch (final SQLException rollbackFailure)
        {
            cause.addSuppressed(rollbackFailure);
        }
    }

    private static boolean isRetryable(final SQLException ex)
    {
        for (Throwable t = ex; t != null; t = t.getCause())
        {
            if (t instanceof SQLException)
            {
                for (SQLException e = (SQLException)t; e != null; e = e.getNextException())
                {
                    if (DEADLOCK.equals(e.getSQLState()) || SERIALIZATION_FAILURE.equals(e.getSQLState()))
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
