package dev.stockcore.bench.workload;

/**
 * A reusable batch of orders, so that a client can pipeline several reservations in one round trip.
 * <p>
 * Order {@code i} has reservation id {@code reservationId(i)} and lines
 * {@code lineStart(i) .. lineStart(i) + lineCount(i) - 1} in the line arrays; each line is a product index
 * (physical or virtual, as ordered) and a quantity. Filled with {@link #add(long)} then {@link #addLine(int, long)}.
 */
public final class OrderBatch
{
    private final long[] reservationIds;
    private final int[] lineStarts;
    private final int[] lineCounts;
    private final int[] products;
    private final long[] quantities;
    private int size;
    private int lines;

    /**
     * @param maxOrders largest batch.
     * @param maxLines  largest total line count over the batch.
     */
    public OrderBatch(final int maxOrders, final int maxLines)
    {
        reservationIds = new long[maxOrders];
        lineStarts = new int[maxOrders];
        lineCounts = new int[maxOrders];
        products = new int[maxLines];
        quantities = new long[maxLines];
    }

    /**
     * Empties the batch.
     *
     * @return this.
     */
    public OrderBatch clear()
    {
        size = 0;
        lines = 0;
        return this;
    }

    /**
     * Starts a new order; its lines follow with {@link #addLine(int, long)}.
     *
     * @param reservationId unique per run.
     * @return this.
     */
    public OrderBatch add(final long reservationId)
    {
        reservationIds[size] = reservationId;
        lineStarts[size] = lines;
        lineCounts[size] = 0;
        size++;
        return this;
    }

    /**
     * Adds a line to the order started last.
     *
     * @param product  index as ordered (may be virtual).
     * @param quantity units, at least 1.
     * @return this.
     */
    public OrderBatch addLine(final int product, final long quantity)
    {
        products[lines] = product;
        quantities[lines] = quantity;
        lines++;
        lineCounts[size - 1]++;
        return this;
    }

    /**
     * @return orders in the batch.
     */
    public int size()
    {
        return size;
    }

    /**
     * @param order index in the batch.
     * @return its reservation id.
     */
    public long reservationId(final int order)
    {
        return reservationIds[order];
    }

    /**
     * @param order index in the batch.
     * @return index of its first line in {@link #product(int)} / {@link #quantity(int)}.
     */
    public int lineStart(final int order)
    {
        return lineStarts[order];
    }

    /**
     * @param order index in the batch.
     * @return its number of lines.
     */
    public int lineCount(final int order)
    {
        return lineCounts[order];
    }

    /**
     * @param line index over the whole batch.
     * @return the product ordered.
     */
    public int product(final int line)
    {
        return products[line];
    }

    /**
     * @param line index over the whole batch.
     * @return the quantity ordered.
     */
    public long quantity(final int line)
    {
        return quantities[line];
    }
}
