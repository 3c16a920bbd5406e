package dev.stockcore.runtime;

/**
 * A product's stock as the engine last published it, filled by {@link StockRuntime#level(int, StockLevel)}.
 * Mutable and reusable, so that a reader thread allocates nothing per read; the fields of one fill are
 * consistent with each other (read under the product's sequence lock).
 */
public final class StockLevel
{
    long physical;
    long reservedHeld;
    long reservedOrdered;
    long available;
    int source;
    long sequence;

    /**
     * @return units on hand (0 for a consumer, which holds none).
     */
    public long physical()
    {
        return physical;
    }

    /**
     * @return units held against this product's stock, by its own orders and its consumers'.
     */
    public long reservedHeld()
    {
        return reservedHeld;
    }

    /**
     * @return units ordered through this product by open orders, wherever they are held.
     */
    public long reservedOrdered()
    {
        return reservedOrdered;
    }

    /**
     * @return units that can be reserved through this product: its holder's physical minus reservedHeld.
     */
    public long available()
    {
        return available;
    }

    /**
     * @return the source whose stock this product consumes, or -1.
     */
    public int source()
    {
        return source;
    }

    /**
     * @return the movement sequence at which {@link #available()} last changed.
     */
    public long sequence()
    {
        return sequence;
    }

    @Override
    public String toString()
    {
        return "StockLevel{physical=" + physical + ", reservedHeld=" + reservedHeld + ", reservedOrdered=" +
            reservedOrdered + ", available=" + available + ", source=" + source + ", sequence=" + sequence + '}';
    }
}
