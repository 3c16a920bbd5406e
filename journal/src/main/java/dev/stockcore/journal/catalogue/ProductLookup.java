package dev.stockcore.journal.catalogue;

import dev.stockcore.engine.StockEngine;

/**
 * Finds products by SKU for a reader going through a file of many of them: it first checks the product after
 * the last one found, and only then asks the engine's hash table. Files usually list products in index
 * order (an export does, the names log of an import does), and checking one SKU in place is a sequential
 * read, where a hash lookup is a few cache misses per product: a large part of importing or loading a
 * million rows otherwise. Not thread safe; one per reader.
 */
public final class ProductLookup
{
    private final StockEngine engine;
    private final StringBuilder candidate = new StringBuilder(64);
    private int next;

    /**
     * @param engine the engine whose products are looked up.
     */
    public ProductLookup(final StockEngine engine)
    {
        this.engine = engine;
    }

    /**
     * @param sku a SKU.
     * @return its product index, or -1 if the engine has no such product.
     */
    public int productIndex(final CharSequence sku)
    {
        if (next < engine.productCount())
        {
            candidate.setLength(0);
            engine.appendSku(next, candidate);
            if (same(candidate, sku))
            {
                return next++;
            }
        }
        final int product = engine.productIndex(sku);
        if (product >= 0)
        {
            next = product + 1;
        }
        return product;
    }

    private static boolean same(final CharSequence a, final CharSequence b)
    {
        final int length = a.length();
        if (length != b.length())
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (a.charAt(i) != b.charAt(i))
            {
                return false;
            }
        }
        return true;
    }
}
