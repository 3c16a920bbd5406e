package dev.stockcore.journal.feed;

import java.util.Arrays;

/**
 * Per source, the products that consume its stock, kept in ascending product index so that the fan-out of a
 * change is in the same order however the links were made (replayed one by one, or loaded from a snapshot).
 * An intrusive doubly linked list over four {@code int} arrays indexed by product (16 bytes per product):
 * <pre>
 *   first[source]   lowest consumer of the source, or -1
 *   last[source]    highest consumer of the source, or -1
 *   next[consumer]  next higher consumer of the same source, or -1
 *   prev[consumer]  next lower consumer of the same source, or -1
 * </pre>
 * Unlinking is O(1); linking walks back from the highest consumer, O(1) when the new consumer is the newest
 * product, as it usually is. Allocates only when the catalogue outgrows the arrays (doubling).
 */
final class ConsumerLists
{
    private static final int NONE = -1;

    private int[] first = new int[0];
    private int[] last = new int[0];
    private int[] next = new int[0];
    private int[] prev = new int[0];

    /**
     * Makes room for products {@code 0..products-1}; new products consume nothing and have no consumers.
     *
     * @param products number of products.
     */
    void ensureCapacity(final int products)
    {
        final int length = first.length;
        if (products <= length)
        {
            return;
        }
        final int newLength = Math.max(products, Math.max(16, length * 2));
        first = grow(first, newLength);
        last = grow(last, newLength);
        next = grow(next, newLength);
        prev = grow(prev, newLength);
    }

    /**
     * Adds a consumer to its source's list, in index order.
     *
     * @param consumer product that now consumes {@code source}.
     * @param source   the product holding the stock.
     */
    void link(final int consumer, final int source)
    {
        int before = last[source];
        while (before > consumer)
        {
            before = prev[before];
        }
        final int after = before == NONE ? first[source] : next[before];
        prev[consumer] = before;
        next[consumer] = after;
        if (before == NONE)
        {
            first[source] = consumer;
        }
        else
        {
            next[before] = consumer;
        }
        if (after == NONE)
        {
            last[source] = consumer;
        }
        else
        {
            prev[after] = consumer;
        }
    }

    /**
     * Removes a consumer from its source's list.
     *
     * @param consumer product that no longer consumes {@code source}.
     * @param source   the product it consumed.
     */
    void unlink(final int consumer, final int source)
    {
        final int before = prev[consumer];
        final int after = next[consumer];
        if (before == NONE)
        {
            first[source] = after;
        }
        else
        {
            next[before] = after;
        }
        if (after == NONE)
        {
            last[source] = before;
        }
        else
        {
            prev[after] = before;
        }
        prev[consumer] = NONE;
        next[consumer] = NONE;
    }

    /**
     * @param source a product.
     * @return its lowest consumer, or -1 if it has none.
     */
    int first(final int source)
    {
        return first[source];
    }

    /**
     * @param consumer a consumer.
     * @return the next higher consumer of the same source, or -1 after the last.
     */
    int next(final int consumer)
    {
        return next[consumer];
    }

    private static int[] grow(final int[] array, final int length)
    {
        final int[] grown = Arrays.copyOf(array, length);
        Arrays.fill(grown, array.length, length, NONE);
        return grown;
    }
}
