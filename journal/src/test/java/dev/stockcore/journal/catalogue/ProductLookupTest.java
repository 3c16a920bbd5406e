package dev.stockcore.journal.catalogue;

import dev.stockcore.engine.MovementHandler;
import dev.stockcore.engine.StockEngine;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProductLookupTest
{
    @Test
    void shouldFindProductsInAnyOrderAndSayWhichAreUnknown()
    {
        final StockEngine engine = new StockEngine(MovementHandler.NONE);
        for (final String sku : new String[] { "A", "B", "C", "D", "AB" })
        {
            engine.addProduct(sku);
        }
        final ProductLookup lookup = new ProductLookup(engine);

        assertEquals(0, lookup.productIndex("A"));
        assertEquals(1, lookup.productIndex("B"));
        assertEquals(3, lookup.productIndex("D"));
        assertEquals(2, lookup.productIndex("C"));
        assertEquals(-1, lookup.productIndex("E"));
        assertEquals(3, lookup.productIndex(new StringBuilder("D")));
        assertEquals(4, lookup.productIndex("AB"));
        assertEquals(-1, lookup.productIndex("a"));
        assertEquals(0, lookup.productIndex("A"));
    }

    @Test
    void shouldNotMistakeAProductForAnotherWhoseSkuStartsTheSame()
    {
        final StockEngine engine = new StockEngine(MovementHandler.NONE);
        engine.addProduct("SKU-1");
        engine.addProduct("SKU-10");
        final ProductLookup lookup = new ProductLookup(engine);

        assertEquals(0, lookup.productIndex("SKU-1"));
        assertEquals(-1, lookup.productIndex("SKU-100"));
        assertEquals(-1, lookup.productIndex("SKU-"));
        assertEquals(1, lookup.productIndex("SKU-10"));
    }
}
