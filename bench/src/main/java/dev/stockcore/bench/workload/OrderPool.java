package dev.stockcore.bench.workload;

import java.util.Arrays;

/**
 * Orders drawn from an {@link OrderGenerator} ahead of time and kept in flat arrays, so that a load generator
 * that must keep a schedule of millions of orders per second spends a few nanoseconds per order reading them
 * instead of drawing them (Zipf draws cost several logarithms each). The pool is read cyclically; the caller gives
 * each use of an order a fresh reservation id, so a pool of a million orders repeats its product mix, never its ids.
 */
public final class OrderPool
{
    private final int[] lineStarts;
    private final byte[] lineCounts;
    private final int[] products;
    private final int[] quantities;
    private final OrderFate[] fates;

    /**
     * @param orders the generator to draw from.
     * @param size   orders to draw, at least 1.
     */
    public OrderPool(final OrderGenerator orders, final int size)
    {
        if (size < 1)
        {
            throw new IllegalArgumentException("an order pool needs at least one order, got " + size);
        }
        lineStarts = new int[size];
        lineCounts = new byte[size];
        fates = new OrderFate[size];
        final long maxLines = (long)size * orders.model().maxLines();
        if (maxLines > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException("an order pool of " + size + " orders of up to " +
                orders.model().maxLines() + " lines is too large; use fewer orders");
        }
        final int[] productBuffer = new int[(int)maxLines];
        final int[] quantityBuffer = new int[(int)maxLines];
        int line = 0;
        for (int o = 0; o < size; o++)
        {
            orders.next();
            lineStarts[o] = line;
            lineCounts[o] = (byte)orders.lineCount();
            fates[o] = orders.fate();
            for (int i = 0; i < orders.lineCount(); i++)
            {
                productBuffer[line] = orders.product(i);
                quantityBuffer[line] = (int)orders.quantity(i);
                line++;
            }
        }
        products = Arrays.copyOf(productBuffer, line);
        quantities = Arrays.copyOf(quantityBuffer, line);
    }

    /**
     * @return orders in the pool.
     */
    public int size()
    {
        return lineStarts.length;
    }

    /**
     * @param order 0..size()-1.
     * @return index of its first line.
     */
    public int lineStart(final int order)
    {
        return lineStarts[order];
    }

    /**
     * @param order 0..size()-1.
     * @return its number of lines.
     */
    public int lineCount(final int order)
    {
        return lineCounts[order];
    }

    /**
     * @param line index over the whole pool.
     * @return the product ordered on that line.
     */
    public int product(final int line)
    {
        return products[line];
    }

    /**
     * @param line index over the whole pool.
     * @return the units of that line.
     */
    public long quantity(final int line)
    {
        return quantities[line];
    }

    /**
     * @param order 0..size()-1.
     * @return what happens to it.
     */
    public OrderFate fate(final int order)
    {
        return fates[order];
    }
}
