package dev.stockcore.engine;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.util.Random;

import static dev.stockcore.engine.EngineLimits.COST_SCALE;
import static dev.stockcore.engine.EngineLimits.MAX_ADJUST_DELTA;
import static dev.stockcore.engine.EngineLimits.NO_COST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Moving average unit cost in fixed point (4 decimals): through the engine's adjust/count and through
 * {@link AverageCost#afterIncrease} directly, with a {@link BigInteger} reference for the 128-bit path.
 */
class AverageCostTest
{
    private static final BigInteger TWO = BigInteger.valueOf(2);

    private final StockEngine engine = new StockEngine(null);
    private int product;

    @BeforeEach
    void registerProduct()
    {
        assertEquals(Result.OK, engine.addProduct("WIDGET"));
        product = engine.productIndex("WIDGET");
    }

    @Test
    void shouldUseFixedPointWithFourDecimals()
    {
        assertEquals(10_000L, COST_SCALE);
    }

    @Test
    void shouldStartWithAverageCostOfZero()
    {
        assertEquals(0L, engine.averageCost(product));
    }

    @Test
    void shouldTakeUnitCostOfFirstReceiptAsAverage()
    {
        assertEquals(Result.OK, engine.adjust(product, 10, 12_3450L));

        assertEquals(12_3450L, engine.averageCost(product));
    }

    @Test
    void shouldApplyCostToAddedQuantityOnly()
    {
        assertEquals(Result.OK, engine.adjust(product, 10, 1_0000L));
        assertEquals(Result.OK, engine.adjust(product, 30, 2_0000L));

        // (10 * 1.0000 + 30 * 2.0000) / 40 = 1.7500
        assertEquals(1_7500L, engine.averageCost(product));
    }

    @Test
    void shouldLeaveAverageUnchangedOnDecrease()
    {
        assertEquals(Result.OK, engine.adjust(product, 10, 1_5000L));
        assertEquals(Result.OK, engine.adjust(product, -4, 9_0000L));

        assertEquals(1_5000L, engine.averageCost(product));
    }

    @Test
    void shouldLeaveAverageUnchangedOnCommit()
    {
        assertEquals(Result.OK, engine.adjust(product, 10, 1_5000L));
        assertEquals(Result.OK, engine.reserve(1, EngineLimits.NO_TTL, new OrderLines().add(product, 7)));
        assertEquals(Result.OK, engine.commit(1, new OrderLines()));

        assertEquals(1_5000L, engine.averageCost(product));
    }

    @Test
    void shouldLeaveAverageUnchangedOnIncreaseWithoutCost()
    {
        assertEquals(Result.OK, engine.adjust(product, 10, 1_5000L));
        assertEquals(Result.OK, engine.adjust(product, 10, NO_COST));

        assertEquals(1_5000L, engine.averageCost(product));
    }

    @Test
    void shouldRoundAverageHalfUp()
    {
        assertEquals(Result.OK, engine.adjust(product, 1, 1L));
        assertEquals(Result.OK, engine.adjust(product, 1, 2L));

        // (1 * 0.0001 + 1 * 0.0002) / 2 = 0.00015, half up to 0.0002
        assertEquals(2L, engine.averageCost(product));
    }

    @Test
    void shouldApplyCostOfCountThatIncreasesStock()
    {
        assertEquals(Result.OK, engine.adjust(product, 10, 1_0000L));
        assertEquals(Result.OK, engine.count(product, 30, 2_0000L));

        // (10 * 1.0000 + 20 * 2.0000) / 30 = 1.66666..., rounded to 1.6667
        assertEquals(1_6667L, engine.averageCost(product));
    }

    @Test
    void shouldLeaveAverageUnchangedOnCountThatDecreasesStock()
    {
        assertEquals(Result.OK, engine.adjust(product, 10, 1_0000L));
        assertEquals(Result.OK, engine.count(product, 3, 7_0000L));

        assertEquals(1_0000L, engine.averageCost(product));
    }

    @Test
    void shouldTakeUnitCostAsAverageWhenStockWasEmptied()
    {
        assertEquals(Result.OK, engine.adjust(product, 10, 1_0000L));
        assertEquals(Result.OK, engine.adjust(product, -10, NO_COST));
        assertEquals(Result.OK, engine.adjust(product, 5, 3_0000L));

        assertEquals(3_0000L, engine.averageCost(product));
    }

    @Test
    void shouldComputeAverageOfVeryLargeStockIn128Bits()
    {
        final long firstCost = 9_999_999_999_999L;
        final long lastCost = 1_234_567_890_123L;
        for (int i = 0; i < 999; i++)
        {
            assertEquals(Result.OK, engine.adjust(product, MAX_ADJUST_DELTA, firstCost));
        }
        final long physicalBefore = engine.physical(product);
        assertEquals(firstCost, engine.averageCost(product));
        assertTrue(Math.multiplyHigh(firstCost, physicalBefore) != 0, "the test must need more than 64 bits");

        assertEquals(Result.OK, engine.adjust(product, MAX_ADJUST_DELTA, lastCost));

        assertEquals(reference(firstCost, physicalBefore, lastCost, MAX_ADJUST_DELTA), engine.averageCost(product));
    }

    @ParameterizedTest
    @CsvSource({
        // oldAverage, oldQuantity, unitCost, added, expected
        "10000, 1, 20000, 1, 15000",
        "10000, 1, 20001, 1, 15001",
        "10000, 2, 10001, 1, 10000",
        "10000, 1, 10001, 2, 10001",
        "0, 1, 1, 1, 1",
        "0, 3, 1, 1, 0",
        "0, 1, 10, 3, 8",
        "0, 1, 9, 3, 7",
        "5, 2, 6, 2, 6",
        "7, 0, 3, 5, 3",
        "12345, 7, 0, 3, 8642",
    })
    void shouldRoundHalfUp(
        final long oldAverage, final long oldQuantity, final long unitCost, final long added, final long expected)
    {
        assertEquals(expected, AverageCost.afterIncrease(oldAverage, oldQuantity, unitCost, added));
    }

    @Test
    void shouldMatchBigIntegerOnAllSmallValues()
    {
        for (long a = 0; a <= 20; a++)
        {
            for (long q = 1; q <= 20; q++)
            {
                for (long c = 0; c <= 20; c++)
                {
                    for (long d = 1; d <= 20; d++)
                    {
                        assertAfterIncreaseMatchesReference(a, q, c, d);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        // products just below, at and above 2^63 and 2^64, where the 64-bit path hands over to 128 bits
        "4611686018427387904, 2, 0, 1",
        "4611686018427387903, 2, 1, 1",
        "4611686018427387904, 2, 4611686018427387904, 2",
        "9223372036854775807, 1, 9223372036854775807, 1",
        "9223372036854775807, 3, 9223372036854775806, 5",
        "10000000000000, 1000000000000000, 9999999999999, 1000000000000",
        "9999999999999, 999999999999999, 1, 1",
        "1, 999999999999999, 9999999999999, 1000000000000",
        "9223372036854775807, 1000000000000000, 0, 1000000000000",
        "0, 1000000000000000, 9223372036854775807, 1000000000000",
    })
    void shouldMatchBigIntegerOnLargeProducts(final long a, final long q, final long c, final long d)
    {
        assertAfterIncreaseMatchesReference(a, q, c, d);
    }

    @Test
    void shouldMatchBigIntegerOnRandomLargeValues()
    {
        final Random random = new Random(0x5EED_C057L);
        for (int i = 0; i < 200_000; i++)
        {
            final long a = nextLong(random, 10_000_000_000_000L);
            final long q = 1 + nextLong(random, 1_000_000_000_000_000L);
            final long c = nextLong(random, 10_000_000_000_000L);
            final long d = 1 + nextLong(random, MAX_ADJUST_DELTA);
            assertAfterIncreaseMatchesReference(a, q, c, d);
        }
    }

    @Test
    void shouldMatchBigIntegerOnRandomValuesOfEveryMagnitude()
    {
        final Random random = new Random(42);
        for (int i = 0; i < 200_000; i++)
        {
            final long a = random.nextLong() >>> (1 + random.nextInt(63));
            final long q = 1 + (random.nextLong() >>> (14 + random.nextInt(50)));
            final long c = random.nextLong() >>> (1 + random.nextInt(63));
            final long d = 1 + (random.nextLong() >>> (24 + random.nextInt(40)));
            assertAfterIncreaseMatchesReference(a, q, c, d);
        }
    }

    private static void assertAfterIncreaseMatchesReference(final long a, final long q, final long c, final long d)
    {
        assertEquals(reference(a, q, c, d), AverageCost.afterIncrease(a, q, c, d),
            () -> "a=" + a + " q=" + q + " c=" + c + " d=" + d);
    }

    /**
     * round-half-up((a * q + c * d) / (q + d)) on non-negative values, in arbitrary precision.
     */
    private static long reference(final long a, final long q, final long c, final long d)
    {
        final BigInteger sum = BigInteger.valueOf(a).multiply(BigInteger.valueOf(q))
            .add(BigInteger.valueOf(c).multiply(BigInteger.valueOf(d)));
        final BigInteger quantity = BigInteger.valueOf(q).add(BigInteger.valueOf(d));
        final BigInteger[] qr = sum.divideAndRemainder(quantity);
        final BigInteger rounded = qr[1].multiply(TWO).compareTo(quantity) >= 0 ? qr[0].add(BigInteger.ONE) : qr[0];
        return rounded.longValueExact();
    }

    private static long nextLong(final Random random, final long bound)
    {
        return Math.floorMod(random.nextLong(), bound);
    }
}
