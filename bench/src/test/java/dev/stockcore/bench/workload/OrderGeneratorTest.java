package dev.stockcore.bench.workload;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderGeneratorTest
{
    private static final int ORDERS = 100_000;

    @Test
    void shouldGenerateTheSameOrdersForTheSameSeed()
    {
        assertArrayEquals(fingerprint(new OrderGenerator(WorkloadModel.peak(), 42)),
            fingerprint(new OrderGenerator(WorkloadModel.peak(), 42)));
    }

    @Test
    void shouldGenerateDifferentOrdersForAnotherSeed()
    {
        assertFalse(Arrays.equals(fingerprint(new OrderGenerator(WorkloadModel.peak(), 42)),
            fingerprint(new OrderGenerator(WorkloadModel.peak(), 43))));
    }

    @Test
    void shouldPutTwentyPercentOfPeakOrdersOnVirtualProducts()
    {
        final WorkloadModel model = WorkloadModel.peak();
        final OrderGenerator orders = new OrderGenerator(model, 1);
        int virtual = 0;
        for (int i = 0; i < ORDERS; i++)
        {
            orders.next();
            final boolean firstIsVirtual = orders.product(0) >= model.physicalProducts();
            assertEquals(orders.isVirtual(), firstIsVirtual);
            for (int line = 0; line < orders.lineCount(); line++)
            {
                assertEquals(firstIsVirtual, orders.product(line) >= model.physicalProducts(), "mixed order");
            }
            virtual += firstIsVirtual ? 1 : 0;
        }
        assertEquals(0.20, virtual / (double)ORDERS, 0.01);
    }

    @Test
    void shouldConcentratePeakLinesOnAHandfulOfHotSkus()
    {
        final double peakTopTen = topTenShare(WorkloadModel.peak());
        final double uniformTopTen = topTenShare(WorkloadModel.peak().zipfExponent(0));

        assertTrue(peakTopTen > 0.30, "top ten SKUs took " + peakTopTen + " of the physical lines");
        assertTrue(uniformTopTen < 0.01, "top ten SKUs took " + uniformTopTen + " without skew");
    }

    @Test
    void shouldKeepLinesDistinctAndWithinTheModelsRanges()
    {
        final WorkloadModel model = WorkloadModel.peak();
        final OrderGenerator orders = new OrderGenerator(model, 7);
        final int[] linesSeen = new int[6];
        for (int i = 0; i < ORDERS; i++)
        {
            orders.next();
            linesSeen[orders.lineCount()]++;
            for (int line = 0; line < orders.lineCount(); line++)
            {
                assertTrue(orders.quantity(line) >= 1 && orders.quantity(line) <= 2);
                assertTrue(orders.product(line) >= 0 && orders.product(line) < model.productCount());
                for (int other = 0; other < line; other++)
                {
                    assertNotEquals(orders.product(other), orders.product(line), "duplicate product in an order");
                }
            }
        }
        assertEquals(0, linesSeen[0]);
        for (int lines = 1; lines <= 5; lines++)
        {
            assertEquals(ORDERS / 5.0, linesSeen[lines], ORDERS * 0.01, lines + "-line orders");
        }
    }

    @Test
    void shouldCancelTenPercentAndAbandonTwoPercentOfPeakOrders()
    {
        final OrderGenerator orders = new OrderGenerator(WorkloadModel.peak(), 11);
        final int[] fates = new int[OrderFate.values().length];
        for (int i = 0; i < ORDERS; i++)
        {
            fates[orders.next().fate().ordinal()]++;
        }
        assertEquals(0.10, fates[OrderFate.RELEASE.ordinal()] / (double)ORDERS, 0.005);
        assertEquals(0.02, fates[OrderFate.EXPIRE.ordinal()] / (double)ORDERS, 0.003);
        assertEquals(0.88, fates[OrderFate.COMMIT.ordinal()] / (double)ORDERS, 0.006);
    }

    @Test
    void shouldNumberReservationsFromTheFirstIdByTheStride()
    {
        final OrderGenerator orders = new OrderGenerator(WorkloadModel.normal(), 1, 3, 4);
        assertEquals(3, orders.next().reservationId());
        assertEquals(7, orders.next().reservationId());
        assertEquals(11, orders.next().reservationId());
    }

    @Test
    void shouldFillABatchWithTheSameOrdersAsSingleDraws()
    {
        final WorkloadModel model = WorkloadModel.peak();
        final OrderBatch batch = new OrderBatch(16, 16 * model.maxLines());
        final OrderFate[] fates = new OrderFate[16];
        new OrderGenerator(model, 5).fill(batch, 16, fates);
        final OrderGenerator single = new OrderGenerator(model, 5);

        assertEquals(16, batch.size());
        for (int o = 0; o < 16; o++)
        {
            single.next();
            assertEquals(single.reservationId(), batch.reservationId(o));
            assertEquals(single.lineCount(), batch.lineCount(o));
            assertEquals(single.fate(), fates[o]);
            for (int line = 0; line < single.lineCount(); line++)
            {
                assertEquals(single.product(line), batch.product(batch.lineStart(o) + line));
                assertEquals(single.quantity(line), batch.quantity(batch.lineStart(o) + line));
            }
        }
    }

    @Test
    void shouldBuildACatalogueWhoseVirtualProductsShareTheSources()
    {
        final WorkloadModel model = WorkloadModel.peak();
        final Catalogue catalogue = model.catalogue();

        assertEquals(model.productCount(), catalogue.productCount());
        assertEquals(-1, catalogue.source(0));
        assertEquals(model.initialStock(), catalogue.initialStock());
        for (int j = 0; j < model.virtualProducts(); j++)
        {
            assertEquals(j % model.sources(), catalogue.source(model.physicalProducts() + j));
        }
    }

    private static double topTenShare(final WorkloadModel model)
    {
        final OrderGenerator orders = new OrderGenerator(model, 1);
        final long[] counts = new long[model.productCount()];
        long physicalLines = 0;
        for (int i = 0; i < ORDERS; i++)
        {
            orders.next();
            for (int line = 0; line < orders.lineCount(); line++)
            {
                if (orders.product(line) < model.physicalProducts())
                {
                    counts[orders.product(line)]++;
                    physicalLines++;
                }
            }
        }
        final long[] sorted = counts.clone();
        Arrays.sort(sorted);
        long top = 0;
        for (int i = 1; i <= 10; i++)
        {
            top += sorted[sorted.length - i];
        }
        return top / (double)physicalLines;
    }

    private static long[] fingerprint(final OrderGenerator orders)
    {
        final long[] values = new long[1_000];
        for (int i = 0; i < values.length; i++)
        {
            orders.next();
            long hash = orders.reservationId() * 31 + orders.fate().ordinal();
            for (int line = 0; line < orders.lineCount(); line++)
            {
                hash = hash * 1_000_003 + orders.product(line) * 7L + orders.quantity(line);
            }
            values[i] = hash;
        }
        return values;
    }
}
