package dev.stockcore.cli;

import dev.stockcore.engine.StockEngine;

import java.util.ArrayList;
import java.util.List;

/**
 * Product index to SKU, as a reader of the journal learns it: from the PRODUCT_ADDED movements (the
 * product's index is the record's {@code ordered}), and from a snapshot's engine for the products a pruned
 * journal no longer registers. An index never learnt prints as {@code #<index>}.
 */
final class ProductNames
{
    private final List<String> skus = new ArrayList<>();

    /**
     * Learns every product of an engine (loaded from a snapshot).
     *
     * @param engine the engine.
     */
    void learn(final StockEngine engine)
    {
        for (int p = 0; p < engine.productCount(); p++)
        {
            learn(p, engine.sku(p));
        }
    }

    /**
     * Learns one product.
     *
     * @param index its index.
     * @param sku   its SKU.
     */
    void learn(final int index, final String sku)
    {
        while (skus.size() <= index)
        {
            skus.add(null);
        }
        skus.set(index, sku);
    }

    /**
     * @param sku a SKU.
     * @return its index, or -1 if not learnt.
     */
    int indexOf(final String sku)
    {
        return skus.indexOf(sku);
    }

    /**
     * Appends a product's SKU: {@code -} for no product (-1), {@code #<index>} for one not learnt.
     *
     * @param index the product index from a movement.
     * @param out   where to append.
     * @return out.
     */
    StringBuilder append(final int index, final StringBuilder out)
    {
        if (index < 0)
        {
            return out.append('-');
        }
        final String sku = index < skus.size() ? skus.get(index) : null;
        return sku != null ? out.append(sku) : out.append('#').append(index);
    }
}
