package dev.stockcore.bench.workload;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.Result;
import dev.stockcore.engine.StockEngine;

/**
 * Registers a {@link Catalogue} in an empty engine: every product under its catalogue SKU (so that engine product
 * index {@code p} is catalogue product {@code p}), the starting stock of each physical product, and the links of
 * the virtual ones to their sources.
 */
public final class CatalogueLoader
{
    private CatalogueLoader()
    {
    }

    /**
     * @param engine    an engine with no products yet.
     * @param catalogue the products.
     * @return the engine.
     * @throws IllegalStateException if the engine refuses a step (it was not empty).
     */
    public static StockEngine load(final StockEngine engine, final Catalogue catalogue)
    {
        if (engine.productCount() != 0)
        {
            throw new IllegalStateException("the engine already holds " + engine.productCount() +
                " products; load a catalogue into a new engine");
        }
        final int count = catalogue.productCount();
        for (int p = 0; p < count; p++)
        {
            check(engine.addProduct(Catalogue.sku(p)), "add product", p);
        }
        for (int p = 0; p < count; p++)
        {
            if (catalogue.source(p) < 0)
            {
                addStock(engine, p, catalogue.initialStock());
            }
        }
        for (int p = 0; p < count; p++)
        {
            final int source = catalogue.source(p);
            if (source >= 0)
            {
                check(engine.link(p, source), "link to its source", p);
            }
        }
        return engine;
    }

    /**
     * Adds stock to a physical product, in as many adjustments as the per-adjustment limit requires.
     *
     * @param engine  the engine.
     * @param product a physical product.
     * @param units   units to add, at least 0.
     */
    public static void addStock(final StockEngine engine, final int product, final long units)
    {
        long left = units;
        while (left > 0)
        {
            final long delta = Math.min(left, EngineLimits.MAX_ADJUST_DELTA);
            check(engine.adjust(product, delta, EngineLimits.NO_COST), "adjust", product);
            left -= delta;
        }
    }

    private static void check(final Result result, final String step, final int product)
    {
        if (result != Result.OK)
        {
            throw new IllegalStateException("engine refused to " + step + " product " + product + " (" +
                Catalogue.sku(product) + "): " + result);
        }
    }
}
