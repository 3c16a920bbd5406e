package dev.stockcore.bench.peers;

import dev.stockcore.bench.workload.Catalogue;
import dev.stockcore.bench.workload.CatalogueBuilder;
import dev.stockcore.bench.workload.OrderBatch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InJvmLockedPeerTest
{
    /** Products 0 and 1 physical with 10 units each; 2 and 3 virtual, sharing product 0. */
    private final Catalogue catalogue = new CatalogueBuilder()
        .physicalProducts(2).virtualProducts(2).sources(1).initialStock(10).build();
    private final InJvmLockedPeer peer = new InJvmLockedPeer();
    private final OrderBatch batch = new OrderBatch(4, 16);
    private final boolean[] accepted = new boolean[4];

    @Test
    void shouldReserveNothingWhenOneLineCannotBeCovered() throws Exception
    {
        peer.setUp(catalogue);
        try (ReservationPeer.Session session = peer.openSession())
        {
            batch.clear().add(1).addLine(0, 4).addLine(1, 11);
            session.reserve(batch, accepted);

            assertFalse(accepted[0]);
            assertEquals(0, peer.taken(0));
            assertEquals(0, peer.taken(1));
            assertEquals(0, peer.openReservations());
        }
    }

    @Test
    void shouldTakeAVirtualProductsStockFromItsSource() throws Exception
    {
        peer.setUp(catalogue);
        try (ReservationPeer.Session session = peer.openSession())
        {
            batch.clear().add(1).addLine(2, 3).addLine(3, 2).addLine(0, 1);
            session.reserve(batch, accepted);
            assertTrue(accepted[0]);
            assertEquals(6, peer.reservedHeld(0));
            assertEquals(0, peer.taken(2), "a virtual product holds no stock of its own");

            batch.clear().add(2).addLine(3, 5);
            session.reserve(batch, accepted);
            assertFalse(accepted[0], "only 4 units left at the source");

            session.commit(new long[] {1}, 1);
            assertEquals(4, peer.physical(0));
            assertEquals(0, peer.reservedHeld(0));
            assertEquals(6, peer.taken(0));
        }
    }

    @Test
    void shouldMakeReleasedStockAvailableAgainAndApplyASettlementOnce() throws Exception
    {
        peer.setUp(catalogue);
        try (ReservationPeer.Session session = peer.openSession())
        {
            batch.clear().add(1).addLine(1, 10).add(2).addLine(1, 1);
            session.reserve(batch, accepted);
            assertArrayEquals(new boolean[] {true, false, false, false}, accepted);

            session.release(new long[] {1, 1}, 2);
            session.commit(new long[] {1}, 1);
            assertEquals(10, peer.physical(1));
            assertEquals(0, peer.taken(1));

            batch.clear().add(3).addLine(1, 10);
            session.reserve(batch, accepted);
            assertTrue(accepted[0]);
        }
    }

    @Test
    void shouldRefuseADuplicateReservationId() throws Exception
    {
        peer.setUp(catalogue);
        try (ReservationPeer.Session session = peer.openSession())
        {
            batch.clear().add(7).addLine(0, 1).add(7).addLine(1, 1);
            session.reserve(batch, accepted);
            assertTrue(accepted[0]);
            assertFalse(accepted[1]);
            assertEquals(0, peer.taken(1));
        }
    }

    @Test
    void shouldNotOversellOneHotSkuUnderFourThreads() throws Exception
    {
        final int stock = 20_000;
        final Catalogue hot = new CatalogueBuilder()
            .physicalProducts(1).virtualProducts(3).sources(1).initialStock(stock).build();
        peer.setUp(hot);
        final int threads = 4;
        final CyclicBarrier start = new CyclicBarrier(threads);
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try
        {
            final List<Future<long[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final int thread = t;
                results.add(pool.submit(hammer(thread, stock, start)));
            }
            long committedUnits = 0;
            long releasedUnits = 0;
            for (final Future<long[]> result : results)
            {
                committedUnits += result.get()[0];
                releasedUnits += result.get()[1];
            }
            assertTrue(peer.taken(0) <= stock, "oversold: " + peer.taken(0) + " taken of " + stock);
            assertEquals(committedUnits, stock - peer.physical(0));
            assertEquals(0, peer.reservedHeld(0));
            assertEquals(stock, committedUnits, "the hot SKU must sell out exactly, with " + releasedUnits +
                " units released on the way");
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    /**
     * Reserves 1–3 units of the hot SKU, directly or through a virtual product, until refused many times in a
     * row; commits three of every four accepted orders and releases the fourth.
     */
    private Callable<long[]> hammer(final int thread, final int stock, final CyclicBarrier start)
    {
        return () ->
        {
            final OrderBatch orders = new OrderBatch(1, 2);
            final boolean[] ok = new boolean[1];
            final long[] id = new long[1];
            long committed = 0;
            long released = 0;
            int refusedInARow = 0;
            start.await();
            try (ReservationPeer.Session session = peer.openSession())
            {
                for (long n = 0; refusedInARow < 1_000; n++)
                {
                    final int quantity = 1 + (int)(n % 3);
                    id[0] = (thread + 1) * 1_000_000_000L + n;
                    orders.clear().add(id[0]).addLine((int)((n + thread) % 4), quantity);
                    session.reserve(orders, ok);
                    if (!ok[0])
                    {
                        refusedInARow++;
                        continue;
                    }
                    refusedInARow = 0;
                    if (n % 4 == 3)
                    {
                        session.release(id, 1);
                        released += quantity;
                    }
                    else
                    {
                        session.commit(id, 1);
                        committed += quantity;
                    }
                    if (committed > stock)
                    {
                        break;
                    }
                }
            }
            return new long[] {committed, released};
        };
    }
}
