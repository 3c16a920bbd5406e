package dev.stockcore.demo;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.Result;
import dev.stockcore.runtime.StockRuntime;

import java.util.SplittableRandom;

/**
 * The demo's products: {@code A} holds physical stock and shares it with {@code B} and {@code C} (consumers,
 * virtual stock), plus {@value #ORDINARY} ordinary products {@code P01..P40}, of which the first {@value #HOT}
 * are hot sellers with little stock, so that they sell out during the load and orders for them are refused.
 * Stock is sized from the load (rate times seconds), so that the picture is the same at any scale.
 * <p>
 * Each order has 1 to 3 lines of 1 to 3 units: a line is on B or C one time in five, on a hot product three
 * times in ten, on another ordinary product otherwise; no product twice in one order.
 */
public final class DemoCatalogue
{
    /** The source: holds the physical stock B and C sell. */
    public static final String SOURCE = "A";
    /** The consumers of {@link #SOURCE}: no stock of their own. */
    public static final String[] CONSUMERS = { "B", "C" };
    /** Ordinary products, each holding its own stock. */
    public static final int ORDINARY = 40;
    /** Of the ordinary products, the first this many are hot. */
    public static final int HOT = 5;

    private final int source;
    private final int[] consumers;
    private final int[] ordinary;

    private DemoCatalogue(final int source, final int[] consumers, final int[] ordinary)
    {
        this.source = source;
        this.consumers = consumers;
        this.ordinary = ordinary;
    }

    /**
     * Registers the products on a new journal, stocks them and links B and C to A.
     *
     * @param runtime       a runtime on an empty journal.
     * @param ordersPerSecond the load the stock is sized for.
     * @param seconds       how long the load runs.
     * @return the catalogue.
     * @throws IllegalStateException if a command is refused (the journal was not empty).
     */
    public static DemoCatalogue setUp(final StockRuntime runtime, final long ordersPerSecond, final long seconds)
    {
        final long orders = Math.max(1_000, ordersPerSecond * seconds);
        expect(runtime.addProduct(SOURCE), "product " + SOURCE);
        for (final String consumer : CONSUMERS)
        {
            expect(runtime.addProduct(consumer), "product " + consumer);
        }
        for (int i = 0; i < ORDINARY; i++)
        {
            expect(runtime.addProduct(ordinarySku(i)), "product " + ordinarySku(i));
        }
        final DemoCatalogue catalogue = lookUp(runtime);
        // A, B and C carry a fifth of the lines, about 0.8 units per order (0.7 kept after releases and expiries):
        // A lasts the load. A hot product keeps about 0.2 units per order: at the full rate it sells out after
        // about 60% of the load, and orders with a line on it are refused from then on.
        expect(runtime.adjust(catalogue.source, orders, EngineLimits.NO_COST), "adjust " + SOURCE);
        for (int i = 0; i < ORDINARY; i++)
        {
            final long stock = i < HOT ? orders / 8 : orders;
            expect(runtime.adjust(catalogue.ordinary[i], stock, EngineLimits.NO_COST), "adjust " + ordinarySku(i));
        }
        for (final int consumer : catalogue.consumers)
        {
            expect(runtime.link(consumer, catalogue.source), "link " + runtime.sku(consumer) + " " + SOURCE);
        }
        return catalogue;
    }

    /**
     * Finds the products of a journal {@link #setUp} was run on.
     *
     * @param runtime the runtime.
     * @return the catalogue.
     * @throws IllegalStateException if a product is missing.
     */
    public static DemoCatalogue lookUp(final StockRuntime runtime)
    {
        final int[] consumers = new int[CONSUMERS.length];
        for (int i = 0; i < consumers.length; i++)
        {
            consumers[i] = require(runtime, CONSUMERS[i]);
        }
        final int[] ordinary = new int[ORDINARY];
        for (int i = 0; i < ORDINARY; i++)
        {
            ordinary[i] = require(runtime, ordinarySku(i));
        }
        return new DemoCatalogue(require(runtime, SOURCE), consumers, ordinary);
    }

    /**
     * @param i 0-based.
     * @return the SKU of the i-th ordinary product, {@code P01} first.
     */
    public static String ordinarySku(final int i)
    {
        return i < 9 ? "P0" + (i + 1) : "P" + (i + 1);
    }

    /**
     * @return products in the catalogue.
     */
    public int productCount()
    {
        return 1 + consumers.length + ordinary.length;
    }

    /**
     * Picks the product of an order line.
     *
     * @param random the producer's random source.
     * @return a product index.
     */
    int pickProduct(final SplittableRandom random)
    {
        final int roll = random.nextInt(10);
        if (roll < 2)
        {
            return consumers[random.nextInt(consumers.length)];
        }
        if (roll < 5)
        {
            return ordinary[random.nextInt(HOT)];
        }
        return ordinary[HOT + random.nextInt(ORDINARY - HOT)];
    }

    private static int require(final StockRuntime runtime, final String sku)
    {
        final int product = runtime.productIndex(sku);
        if (product < 0)
        {
            throw new IllegalStateException("product " + sku + " is not in the journal; the demo's load runs on a " +
                "journal the demo set up");
        }
        return product;
    }

    private static void expect(final Result result, final String command)
    {
        if (result != Result.OK)
        {
            throw new IllegalStateException(command + " answered " + result + "; the demo needs a new or empty " +
                "journal directory");
        }
    }
}
