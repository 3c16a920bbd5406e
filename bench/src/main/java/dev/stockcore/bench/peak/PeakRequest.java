package dev.stockcore.bench.peak;

import dev.stockcore.bench.workload.OrderPool;

/**
 * The request the peak simulator sends for one command: reserve an order, or commit or release a reservation
 * taken earlier. A single mutable instance is reused for every command, so a {@link PeakTarget} must copy what
 * it needs before {@link PeakTarget#offer} returns (a runtime encodes it into its ring buffer there).
 */
public final class PeakRequest
{
    /**
     * What the command asks.
     */
    public enum Kind
    {
        /** Reserve the order's lines, all or nothing, with the time-to-live. */
        RESERVE,
        /** Commit everything left on the reservation. */
        COMMIT,
        /** Release everything left on the reservation. */
        RELEASE
    }

    private final int[] products = new int[64];
    private final long[] quantities = new long[64];
    private Kind kind = Kind.RESERVE;
    private long reservationId;
    private long ttlMillis;
    private int lineCount;

    /**
     * Makes this the reservation of an order of a pool.
     *
     * @param pool  the orders.
     * @param order index in the pool.
     * @param id    the reservation id to take it under.
     * @param ttl   time-to-live, ms.
     * @return this.
     */
    public PeakRequest reserve(final OrderPool pool, final int order, final long id, final long ttl)
    {
        kind = Kind.RESERVE;
        reservationId = id;
        ttlMillis = ttl;
        lineCount = pool.lineCount(order);
        final int start = pool.lineStart(order);
        for (int i = 0; i < lineCount; i++)
        {
            products[i] = pool.product(start + i);
            quantities[i] = pool.quantity(start + i);
        }
        return this;
    }

    /**
     * Makes this a commit of everything left on a reservation.
     *
     * @param id the reservation.
     * @return this.
     */
    public PeakRequest commit(final long id)
    {
        return followUp(Kind.COMMIT, id);
    }

    /**
     * Makes this a release of a reservation.
     *
     * @param id the reservation.
     * @return this.
     */
    public PeakRequest release(final long id)
    {
        return followUp(Kind.RELEASE, id);
    }

    private PeakRequest followUp(final Kind kind, final long id)
    {
        this.kind = kind;
        reservationId = id;
        ttlMillis = 0;
        lineCount = 0;
        return this;
    }

    /**
     * @return what the command asks.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * @return the reservation id.
     */
    public long reservationId()
    {
        return reservationId;
    }

    /**
     * @return the time-to-live of a reservation, in ms; 0 for a commit or release.
     */
    public long ttlMillis()
    {
        return ttlMillis;
    }

    /**
     * @return lines of a reservation; 0 for a commit or release.
     */
    public int lineCount()
    {
        return lineCount;
    }

    /**
     * @param line 0..lineCount()-1.
     * @return its product index, as ordered.
     */
    public int product(final int line)
    {
        return products[line];
    }

    /**
     * @param line 0..lineCount()-1.
     * @return its units.
     */
    public long quantity(final int line)
    {
        return quantities[line];
    }
}
