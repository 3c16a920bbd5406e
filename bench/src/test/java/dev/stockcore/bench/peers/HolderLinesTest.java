package dev.stockcore.bench.peers;

import dev.stockcore.bench.workload.Catalogue;
import dev.stockcore.bench.workload.OrderBatch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HolderLinesTest
{
    @Test
    void shouldSumLinesOnVirtualProductAndItsSourceIntoOneHolder()
    {
        final Catalogue catalogue = new Catalogue(new int[]{ -1, -1, 0, 1 }, 10);
        final OrderBatch orders = new OrderBatch(1, 4);
        orders.add(1).addLine(3, 1).addLine(2, 2).addLine(0, 4).addLine(1, 8);

        final HolderLines lines = new HolderLines(1).load(orders, 0, catalogue);

        assertEquals(2, lines.count());
        assertEquals(0, lines.holder(0));
        assertEquals(6, lines.quantity(0));
        assertEquals(1, lines.holder(1));
        assertEquals(9, lines.quantity(1));
    }

    @Test
    void shouldSortHoldersAscendingWhateverTheLineOrder()
    {
        final HolderLines lines = new HolderLines(2).add(7, 1).add(3, 2).add(9, 3).add(1, 4).add(5, 5);

        assertEquals(5, lines.count());
        final int[] expectedHolders = { 1, 3, 5, 7, 9 };
        final long[] expectedQuantities = { 4, 2, 5, 1, 3 };
        for (int i = 0; i < lines.count(); i++)
        {
            assertEquals(expectedHolders[i], lines.holder(i));
            assertEquals(expectedQuantities[i], lines.quantity(i));
        }
    }
}
