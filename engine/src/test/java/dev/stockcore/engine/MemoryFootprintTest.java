package dev.stockcore.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory budget: at most 64 bytes per product and per open reservation line at steady state, with the
 * tables sized by their capacity hints. Counted from the lengths of the arrays the engine holds.
 */
class MemoryFootprintTest
{
    private static final int N = 1_000_000;

    @Test
    void shouldHoldAProductInAtMost64Bytes()
    {
        final StockEngine engine = new StockEngine(MovementHandler.NONE, N, 16, EngineLimits.DEFAULT_RETENTION_MILLIS);
        for (int p = 0; p < N; p++)
        {
            assertEquals(Result.OK, engine.addProduct(sku(p)));
        }
        final long[] bytes = engine.footprintBytes();
        final double perProduct = (bytes[0] + bytes[1]) / (double)N;
        System.out.printf("memory: %d products with 11-char SKUs: %.1f B/product (stock state %.1f, SKU index %.1f)%n",
            N, perProduct, bytes[0] / (double)N, bytes[1] / (double)N);
        assertEquals(40.0, bytes[0] / (double)N, 0.001);
        assertTrue(perProduct <= 64.0, "bytes per product: " + perProduct);
    }

    @Test
    void shouldHoldAnOpenSingleLineReservationInAtMost64Bytes()
    {
        assertBytesPerOpenLine(1, N);
    }

    @Test
    void shouldHoldLinesOfMultiLineReservationsInAtMost64Bytes()
    {
        assertBytesPerOpenLine(3, N / 3);
    }

    private static void assertBytesPerOpenLine(final int linesPerOrder, final int orders)
    {
        final int products = 1_000;
        final StockEngine engine = new StockEngine(MovementHandler.NONE, products, orders, 1_000);
        for (int p = 0; p < products; p++)
        {
            engine.addProduct(sku(p));
            engine.adjust(p, 1_000_000_000L, EngineLimits.NO_COST);
        }
        final OrderLines lines = new OrderLines();
        for (int id = 1; id <= orders; id++)
        {
            lines.clear();
            for (int l = 0; l < linesPerOrder; l++)
            {
                lines.add((id * 7 + l) % products, 1);
            }
            assertEquals(Result.OK, engine.reserve(id, 60_000 + id, lines));
        }
        assertEquals(orders, engine.openReservationCount());
        final long reservationBytes = engine.footprintBytes()[2];
        final double perLine = reservationBytes / (double)(orders * (long)linesPerOrder);
        System.out.printf("memory: %d open %d-line reservations with ttl: %.1f B/open line%n",
            orders, linesPerOrder, perLine);
        assertTrue(perLine <= 64.0, "bytes per open line: " + perLine);
    }

    private static String sku(final int p)
    {
        return String.format("SKU-%07d", p);
    }
}
