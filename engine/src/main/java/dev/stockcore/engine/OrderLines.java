package dev.stockcore.engine;

/**
 * Reusable, mutable list of (product index, quantity) lines for {@link StockEngine#reserve} and
 * {@link StockEngine#commit}. Holds up to {@link EngineLimits#MAX_LINES} lines; adding more is
 * remembered so that the engine answers {@link Result#INVALID_COMMAND}, never an exception.
 * Not thread safe: keep one per thread and {@link #clear()} it between commands.
 */
public final class OrderLines
{
    private final int[] products = new int[EngineLimits.MAX_LINES];
    private final long[] quantities = new long[EngineLimits.MAX_LINES];
    private int count;

    /**
     * Removes all lines.
     *
     * @return this.
     */
    public OrderLines clear()
    {
        count = 0;
        return this;
    }

    /**
     * Adds a line. A product index of -1 stands for a SKU that is not registered.
     *
     * @param product  product index.
     * @param quantity quantity, 1..{@link EngineLimits#MAX_LINE_QUANTITY}.
     * @return this.
     */
    public OrderLines add(final int product, final long quantity)
    {
        if (count < EngineLimits.MAX_LINES)
        {
            products[count] = product;
            quantities[count] = quantity;
        }
        count++;
        return this;
    }

    /**
     * Number of lines added, including any beyond the limit.
     *
     * @return count.
     */
    public int count()
    {
        return count;
    }

    /**
     * @param i line index, below {@code min(count(), MAX_LINES)}.
     * @return product index of the line.
     */
    public int product(final int i)
    {
        return products[i];
    }

    /**
     * @param i line index, below {@code min(count(), MAX_LINES)}.
     * @return quantity of the line.
     */
    public long quantity(final int i)
    {
        return quantities[i];
    }
}
