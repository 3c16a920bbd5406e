package dev.stockcore.bench.workload;

/**
 * Holds the reservations taken but not yet committed or released, so that each gets its follow-up a fixed number of
 * orders later, as a shopper pays or cancels some time after reserving. A ring of ids and fates; no allocation.
 * <p>
 * {@link #push} adds the newest order; once {@code delay} orders are waiting, each push makes the oldest one
 * due, readable through {@link #dueId()} and {@link #dueFate()} until the next push.
 */
public final class FollowUpQueue
{
    private final long[] ids;
    private final OrderFate[] fates;
    private int next;
    private int size;
    private long dueId;
    private OrderFate dueFate;

    /**
     * @param delay how many orders a follow-up lags behind its reservation, at least 1.
     */
    public FollowUpQueue(final int delay)
    {
        if (delay < 1)
        {
            throw new IllegalArgumentException("follow-up delay must be >= 1 order, got " + delay);
        }
        ids = new long[delay];
        fates = new OrderFate[delay];
    }

    /**
     * Adds an order.
     *
     * @param reservationId the order's reservation.
     * @param fate          what to do with it when it is due.
     * @return true if the oldest order became due (read it with {@link #dueId()} and {@link #dueFate()}).
     */
    public boolean push(final long reservationId, final OrderFate fate)
    {
        final boolean due = size == ids.length;
        if (due)
        {
            dueId = ids[next];
            dueFate = fates[next];
        }
        else
        {
            size++;
        }
        ids[next] = reservationId;
        fates[next] = fate;
        next = next + 1 == ids.length ? 0 : next + 1;
        return due;
    }

    /**
     * @return the reservation made due by the last push that returned true.
     */
    public long dueId()
    {
        return dueId;
    }

    /**
     * @return the fate of that reservation.
     */
    public OrderFate dueFate()
    {
        return dueFate;
    }

    /**
     * @return how many orders wait for their follow-up.
     */
    public int size()
    {
        return size;
    }

    /**
     * Forgets every waiting order.
     */
    public void clear()
    {
        size = 0;
        next = 0;
    }
}
