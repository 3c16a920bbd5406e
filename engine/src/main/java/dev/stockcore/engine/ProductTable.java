package dev.stockcore.engine;

import java.util.Arrays;

import static dev.stockcore.engine.EngineLimits.MAX_PRODUCTS;

/**
 * The per-product state of the engine, indexed by the dense product index given at registration.
 * <p>
 * Five longs per product side by side in one {@code long[]}, so that a command touches one or two cache
 * lines per product rather than one per field:
 * <pre>
 *   0  physical        own physical stock                                   8
 *   1  reservedHeld    open quantity held against own physical stock        8
 *   2  reservedOrdered open quantity ordered through this SKU               8
 *   3  averageCost     moving average unit cost, 4 decimals                 8
 *   4  link            source (high int, -1 if none) | consumerCount (low)  8
 *                                                                         --
 *                                                                         40 bytes
 * </pre>
 * The holder of a product is its source if linked, else itself, and
 * {@code available(p) = physical(holder) - reservedHeld(holder)}.
 * <p>
 * Every accessor is one array access (plus a shift or a mask for the link word), small enough for the JIT
 * to inline into the engine's commands. Nothing is checked here: the engine validates indices first.
 * Grows by doubling; never shrinks. Not thread safe: owned by the single writer.
 */
final class ProductTable
{
    private static final int PHYSICAL = 0;
    private static final int RESERVED_HELD = 1;
    private static final int RESERVED_ORDERED = 2;
    private static final int AVERAGE_COST = 3;
    private static final int LINK = 4;
    private static final int STRIDE = 5;
    private static final long LOW_INT = 0xFFFF_FFFFL;

    private long[] state;
    private int count;

    ProductTable(final int capacity)
    {
        state = new long[capacity * STRIDE];
    }

    /**
     * Adds the next product, standalone with no stock: {@code product} must equal {@link #count()}.
     *
     * @param product index of the new product.
     */
    void add(final int product)
    {
        if ((product + 1) * STRIDE > state.length)
        {
            state = Arrays.copyOf(state, (int)Math.min((long)state.length * 2, (long)MAX_PRODUCTS * STRIDE));
        }
        Arrays.fill(state, product * STRIDE, (product + 1) * STRIDE, 0L);
        source(product, -1);
        count = product + 1;
    }

    int count()
    {
        return count;
    }

    boolean contains(final int product)
    {
        return product >= 0 && product < count;
    }

    long physical(final int product)
    {
        return state[product * STRIDE + PHYSICAL];
    }

    void physical(final int product, final long quantity)
    {
        state[product * STRIDE + PHYSICAL] = quantity;
    }

    void addPhysical(final int product, final long delta)
    {
        state[product * STRIDE + PHYSICAL] += delta;
    }

    long reservedHeld(final int product)
    {
        return state[product * STRIDE + RESERVED_HELD];
    }

    void reservedHeld(final int product, final long quantity)
    {
        state[product * STRIDE + RESERVED_HELD] = quantity;
    }

    void addReservedHeld(final int product, final long delta)
    {
        state[product * STRIDE + RESERVED_HELD] += delta;
    }

    long reservedOrdered(final int product)
    {
        return state[product * STRIDE + RESERVED_ORDERED];
    }

    void reservedOrdered(final int product, final long quantity)
    {
        state[product * STRIDE + RESERVED_ORDERED] = quantity;
    }

    void addReservedOrdered(final int product, final long delta)
    {
        state[product * STRIDE + RESERVED_ORDERED] += delta;
    }

    long averageCost(final int product)
    {
        return state[product * STRIDE + AVERAGE_COST];
    }

    void averageCost(final int product, final long unitCost)
    {
        state[product * STRIDE + AVERAGE_COST] = unitCost;
    }

    /** @return the raw link word: source in the high int, consumer count in the low int. */
    long link(final int product)
    {
        return state[product * STRIDE + LINK];
    }

    void link(final int product, final long link)
    {
        state[product * STRIDE + LINK] = link;
    }

    /** @return the source whose stock the product consumes, or -1 if standalone. */
    int source(final int product)
    {
        return (int)(state[product * STRIDE + LINK] >> 32);
    }

    void source(final int product, final int source)
    {
        final int i = product * STRIDE + LINK;
        state[i] = ((long)source << 32) | (state[i] & LOW_INT);
    }

    int consumerCount(final int product)
    {
        return (int)state[product * STRIDE + LINK];
    }

    void consumerCount(final int product, final int consumers)
    {
        final int i = product * STRIDE + LINK;
        state[i] = (state[i] & ~LOW_INT) | (consumers & LOW_INT);
    }

    /** @return the consumer count after adding {@code delta}. */
    int addConsumers(final int product, final int delta)
    {
        final int consumers = consumerCount(product) + delta;
        consumerCount(product, consumers);
        return consumers;
    }

    /** @return the product that holds the stock it sells: its source if linked, else itself. */
    int holder(final int product)
    {
        final int source = source(product);
        return source >= 0 ? source : product;
    }

    /** @return bytes of the state array as allocated. */
    long footprintBytes()
    {
        return 8L * state.length;
    }
}
