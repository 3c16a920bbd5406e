package dev.stockcore.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The README's embedding example, line for line, with the values its comments promise.
 */
class ReadmeExampleTest
{
    @Test
    void shouldBehaveAsTheReadmeSays()
    {
        final int[] batches = new int[1];
        final MovementListener journal = (buffer, offset, length) -> batches[0]++;
        final StockEngine engine = new StockEngine(journal, 100_000, 1_000_000, EngineLimits.DEFAULT_RETENTION_MILLIS);

        engine.addProduct("OIL-1L");
        engine.addProduct("OIL-GIFTBOX");
        final int oil = engine.productIndex("OIL-1L");
        final int box = engine.productIndex("OIL-GIFTBOX");
        assertEquals(0, oil);
        assertEquals(1, box);
        assertEquals(Result.OK, engine.adjust(oil, 100, 125_000));
        assertEquals(Result.OK, engine.link(box, oil));

        final OrderLines lines = new OrderLines();
        assertEquals(Result.OK, engine.reserve(42L, 15 * 60_000L, lines.clear().add(box, 2)));
        assertEquals(2, engine.reservedHeld(oil));
        assertEquals(98, engine.available(box));
        assertEquals(98, engine.available(oil));
        assertEquals(Result.OK, engine.commit(42L, lines.clear()));
        assertEquals(98, engine.physical(oil));
        assertEquals(Result.OK, engine.advanceTime(1_700_000_000_000L));
        assertEquals(125_000, engine.averageCost(oil));
        assertEquals(7, batches[0]);
    }
}
