package dev.stockcore.runtime;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.broadcast.BroadcastReceiver;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * A subscriber's view of the stock feed: availability changes, conflated per product, delivered on the
 * thread that calls {@link #poll(FeedHandler, int)}. Not thread-safe: one subscription per polling thread.
 * <p>
 * The engine broadcasts (product, sequence) for each change into a fixed buffer and never waits for
 * subscribers. On each notice the subscription reads the product's current published level: if a later change
 * is already published, the notice is skipped (a later one follows), so a slow subscriber gets the latest value
 * of each changed product rather than a backlog. A subscriber so slow that the broadcast laps it loses the
 * notices in between; it then scans every product for changes since the last sequence it delivered, which
 * again yields the latest value of each — conflation never loses the final state of a product.
 * <p>
 * Resuming from a sequence scans the products once for changes at or after it, then follows the broadcast; a
 * product that changes while the scan runs may be delivered twice with the same value, never missed.
 */
public final class FeedSubscription
{
    private final StockView view;
    private final BroadcastReceiver receiver;
    private final StockLevel level = new StockLevel();
    private final long fromSequence;
    private long scanFrom;
    private boolean scanPending;
    private long lastLapped;
    private long delivered;
    private long scans;

    FeedSubscription(final StockView view, final UnsafeBuffer broadcastBuffer, final long fromSequence,
        final boolean catchUp)
    {
        this.view = view;
        this.receiver = new BroadcastReceiver(broadcastBuffer);
        this.fromSequence = fromSequence;
        this.scanFrom = fromSequence;
        this.scanPending = catchUp;
        // A new receiver starts at the latest notice already sent: skip what was sent before subscribing (a
        // catch-up scan covers it).
        for (int i = 0, max = receiver.capacity() / StockView.CHANGE_LENGTH; i < max && receiver.receiveNext(); i++)
        {
            lastLapped = receiver.lappedCount();
        }
    }

    /**
     * Delivers pending changes.
     *
     * @param handler receives each change.
     * @param limit   most changes to deliver in this call (a catch-up scan completes in one call regardless).
     * @return changes delivered.
     */
    public int poll(final FeedHandler handler, final int limit)
    {
        int count = 0;
        if (scanPending)
        {
            count += scan(handler);
        }
        while (count < limit && receiver.receiveNext())
        {
            if (receiver.lappedCount() != lastLapped)
            {
                lastLapped = receiver.lappedCount();
                count += scan(handler);
                continue;
            }
            final MutableDirectBuffer buffer = receiver.buffer();
            final int offset = receiver.offset();
            final int product = buffer.getInt(offset + StockView.CHANGE_PRODUCT_OFFSET, LITTLE_ENDIAN);
            final long sequence = buffer.getLong(offset + StockView.CHANGE_SEQUENCE_OFFSET, LITTLE_ENDIAN);
            if (!receiver.validate())
            {
                lastLapped = receiver.lappedCount();
                count += scan(handler);
                continue;
            }
            // Notices are in sequence order: after a lap, rescan from the last one seen (a superset of the missed).
            scanFrom = Math.max(scanFrom, sequence);
            if (sequence >= fromSequence)
            {
                count += deliver(handler, product, sequence);
            }
        }
        return count;
    }

    /**
     * @return changes delivered so far.
     */
    public long delivered()
    {
        return delivered;
    }

    /**
     * @return full scans done: one at the start when resuming from a sequence, then one each time the broadcast
     * lapped this subscriber.
     */
    public long scans()
    {
        return scans;
    }

    private int deliver(final FeedHandler handler, final int product, final long sequence)
    {
        view.level(product, level);
        if (level.sequence != sequence)
        {
            return 0;
        }
        final long available = level.available;
        handler.onChange(product, view.sku(product), available, sequence);
        int count = 1;
        final int[] consumers = level.source < 0 ? view.consumers(product) : null;
        if (consumers != null)
        {
            // The fan-out: a change on a source is a change for each of its consumers.
            for (final int consumer : consumers)
            {
                handler.onChange(consumer, view.sku(consumer), available, sequence);
                count++;
            }
        }
        delivered += count;
        return count;
    }

    private int scan(final FeedHandler handler)
    {
        scanPending = false;
        scans++;
        int count = 0;
        final int products = view.productCount();
        for (int p = 0; p < products; p++)
        {
            view.level(p, level);
            if (level.sequence >= scanFrom)
            {
                handler.onChange(p, view.sku(p), level.available, level.sequence);
                delivered++;
                count++;
            }
        }
        return count;
    }
}
