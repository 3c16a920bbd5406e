package dev.stockcore.bench.peers;

import dev.stockcore.bench.workload.Catalogue;
import dev.stockcore.bench.workload.OrderBatch;

import java.util.Arrays;

/**
 * An order's lines as the peers apply them: one entry per holder (the product that holds the stock, i.e. the
 * source of a virtual product), quantities of lines sharing a holder summed, sorted by holder.
 * <p>
 * Summing matters for correctness: a line on a virtual product and a line on its source draw on the same stock, so
 * checking them one by one against the same availability would oversell. Sorting gives every transaction the same
 * lock order, which keeps PostgreSQL free of deadlocks between multi-line orders. Reusable; grows only when an
 * order has more holders than any before it.
 */
public final class HolderLines
{
    private int[] holders;
    private long[] quantities;
    private int count;

    /**
     * @param initialCapacity holders per order expected; more are accepted.
     */
    public HolderLines(final int initialCapacity)
    {
        holders = new int[Math.max(1, initialCapacity)];
        quantities = new long[holders.length];
    }

    /**
     * Empties the lines.
     *
     * @return this.
     */
    public HolderLines clear()
    {
        count = 0;
        return this;
    }

    /**
     * Replaces the lines with those of one order of a batch, mapped to holders.
     *
     * @param orders    the batch.
     * @param order     index of the order in the batch.
     * @param catalogue maps products to holders.
     * @return this.
     */
    public HolderLines load(final OrderBatch orders, final int order, final Catalogue catalogue)
    {
        clear();
        final int start = orders.lineStart(order);
        final int end = start + orders.lineCount(order);
        for (int line = start; line < end; line++)
        {
            add(catalogue.holder(orders.product(line)), orders.quantity(line));
        }
        return this;
    }

    /**
     * Adds units on a holder, summing with an existing entry for the same holder and keeping the order sorted.
     *
     * @param holder   physical product index.
     * @param quantity units.
     * @return this.
     */
    public HolderLines add(final int holder, final long quantity)
    {
        int i = count - 1;
        while (i >= 0 && holders[i] > holder)
        {
            i--;
        }
        if (i >= 0 && holders[i] == holder)
        {
            quantities[i] += quantity;
            return this;
        }
        if (count == holders.length)
        {
            holders = Arrays.copyOf(holders, count * 2);
            quantities = Arrays.copyOf(quantities, count * 2);
        }
        final int at = i + 1;
        System.arraycopy(holders, at, holders, at + 1, count - at);
        System.arraycopy(quantities, at, quantities, at + 1, count - at);
        holders[at] = holder;
        quantities[at] = quantity;
        count++;
        return this;
    }

    /**
     * @return distinct holders.
     */
    public int count()
    {
        return count;
    }

    /**
     * @param index 0 to {@link #count()} - 1, in ascending holder order.
     * @return the holder's product index.
     */
    public int holder(final int index)
    {
        return holders[index];
    }

    /**
     * @param index 0 to {@link #count()} - 1.
     * @return units on that holder.
     */
    public long quantity(final int index)
    {
        return quantities[index];
    }
}
