package dev.stockcore.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-product table: the link word packs source and consumer count without one leaking into the
 * other, a new product starts standalone and empty, and growth keeps every product's fields.
 */
class ProductTableTest
{
    @Test
    void shouldStartANewProductStandaloneWithNoStock()
    {
        final ProductTable products = new ProductTable(4);
        products.add(0);

        assertEquals(1, products.count());
        assertEquals(0, products.physical(0));
        assertEquals(0, products.reservedHeld(0));
        assertEquals(0, products.reservedOrdered(0));
        assertEquals(0, products.averageCost(0));
        assertEquals(-1, products.source(0));
        assertEquals(0, products.consumerCount(0));
        assertEquals(0, products.holder(0));
    }

    @ParameterizedTest
    @CsvSource({ "-1, 0", "-1, 3", "0, 0", "7, 2147483647", "2147483647, 1" })
    void shouldKeepSourceAndConsumerCountApartInTheLinkWord(final int source, final int consumers)
    {
        final ProductTable products = new ProductTable(4);
        products.add(0);

        products.consumerCount(0, consumers);
        products.source(0, source);

        assertEquals(source, products.source(0));
        assertEquals(consumers, products.consumerCount(0));
        assertEquals(((long)source << 32) | (consumers & 0xFFFF_FFFFL), products.link(0));

        products.consumerCount(0, 0);
        assertEquals(source, products.source(0));
        products.source(0, -1);
        assertEquals(0, products.consumerCount(0));
    }

    @Test
    void shouldAnswerTheSourceAsTheHolderOfAConsumer()
    {
        final ProductTable products = new ProductTable(4);
        products.add(0);
        products.add(1);

        products.source(1, 0);

        assertEquals(0, products.holder(1));
        assertEquals(0, products.holder(0));
        assertEquals(1, products.addConsumers(0, 1));
        assertEquals(0, products.addConsumers(0, -1));
    }

    @Test
    void shouldKeepEveryProductsFieldsWhenGrowingPastItsCapacity()
    {
        final ProductTable products = new ProductTable(2);
        final long bytesBefore = products.footprintBytes();
        for (int p = 0; p < 100; p++)
        {
            products.add(p);
            products.physical(p, 1_000 + p);
            products.addReservedHeld(p, p);
            products.addReservedOrdered(p, 2 * p);
            products.averageCost(p, 3 * p);
        }

        assertEquals(100, products.count());
        assertTrue(products.footprintBytes() >= 100 * 5 * 8L && products.footprintBytes() > bytesBefore);
        for (int p = 0; p < 100; p++)
        {
            assertEquals(1_000 + p, products.physical(p));
            assertEquals(p, products.reservedHeld(p));
            assertEquals(2 * p, products.reservedOrdered(p));
            assertEquals(3 * p, products.averageCost(p));
            assertEquals(-1, products.source(p));
        }
        assertTrue(products.contains(99));
        assertFalse(products.contains(100));
        assertFalse(products.contains(-1));
    }
}
