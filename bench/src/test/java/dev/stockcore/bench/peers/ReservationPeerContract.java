package dev.stockcore.bench.peers;

import dev.stockcore.bench.workload.Catalogue;
import dev.stockcore.bench.workload.OrderBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every server peer must do, run against a real server started through its launcher: all-or-nothing
 * reservations, virtual products drawing on their source, commit and release, no oversell under concurrency, and
 * a clear message when the server cannot be launched. One server per test class, stopped in {@link #stop()}
 * even when a test or the launch fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ReservationPeerContract
{
    private static final long STOCK = 10;

    private Path workDir;
    private PeerServer server;
    private ReservationPeer peer;
    private long nextReservationId = 1;

    /**
     * @return the launcher under test.
     */
    protected abstract PeerLauncher launcher();

    /**
     * @param peer the peer under test.
     * @return transactions it retried after a deadlock or serialization failure so far; 0 where it never retries.
     */
    protected long retries(final ReservationPeer peer)
    {
        return 0;
    }

    @BeforeAll
    void launch() throws Exception
    {
        // World-readable: PostgreSQL runs as the postgres user and must reach its data directory.
        workDir = Files.createTempDirectory("stockcore-" + launcher().name() + "-test-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        server = launcher().launch(workDir);
        peer = server.peer();
    }

    @AfterAll
    void stop() throws IOException
    {
        if (server != null)
        {
            server.close();
        }
        if (workDir != null)
        {
            deleteTree(workDir);
        }
    }

    @Test
    void shouldReserveNothingWhenOneLineOfThreeIsShort() throws Exception
    {
        peer.setUp(new Catalogue(new int[]{ -1, -1, -1 }, STOCK));
        try (ReservationPeer.Session session = peer.openSession())
        {
            final OrderBatch order = new OrderBatch(1, 3);
            order.add(nextReservationId++).addLine(0, 2).addLine(1, STOCK + 1).addLine(2, 3);

            assertArrayEquals(new boolean[]{ false }, reserve(session, order));
            assertArrayEquals(new long[]{ 0, 0, 0 }, taken(3));
        }
    }

    @Test
    void shouldHoldEveryLineWhenAllFit() throws Exception
    {
        peer.setUp(new Catalogue(new int[]{ -1, -1, -1 }, STOCK));
        try (ReservationPeer.Session session = peer.openSession())
        {
            final OrderBatch order = new OrderBatch(1, 3);
            order.add(nextReservationId++).addLine(0, 2).addLine(1, STOCK).addLine(2, 3);

            assertArrayEquals(new boolean[]{ true }, reserve(session, order));
            assertArrayEquals(new long[]{ 2, STOCK, 3 }, taken(3));
        }
    }

    @Test
    void shouldTakeFromSourceWhenOrderingVirtualProduct() throws Exception
    {
        peer.setUp(new Catalogue(new int[]{ -1, 0 }, STOCK));
        try (ReservationPeer.Session session = peer.openSession())
        {
            assertArrayEquals(new boolean[]{ true }, reserve(session, single(1, 7)));
            assertEquals(7, peer.taken(0));

            assertArrayEquals(new boolean[]{ false }, reserve(session, single(0, 4)), "only 3 left on the source");
            assertArrayEquals(new boolean[]{ true }, reserve(session, single(0, 3)));
            assertEquals(STOCK, peer.taken(0));
        }
    }

    @Test
    void shouldRejectOrderWhoseLinesOnVirtualAndSourceTogetherExceedStock() throws Exception
    {
        peer.setUp(new Catalogue(new int[]{ -1, 0 }, STOCK));
        try (ReservationPeer.Session session = peer.openSession())
        {
            final OrderBatch order = new OrderBatch(1, 2);
            order.add(nextReservationId++).addLine(1, 6).addLine(0, 6);

            assertArrayEquals(new boolean[]{ false }, reserve(session, order));
            assertEquals(0, peer.taken(0));
        }
    }

    @Test
    void shouldKeepCommittedUnitsOutOfStock() throws Exception
    {
        peer.setUp(new Catalogue(new int[]{ -1, 0 }, STOCK));
        try (ReservationPeer.Session session = peer.openSession())
        {
            final long id = nextReservationId;
            assertArrayEquals(new boolean[]{ true }, reserve(session, single(1, 4)));

            session.commit(new long[]{ id }, 1);

            assertEquals(4, peer.taken(0));
            assertArrayEquals(new boolean[]{ false }, reserve(session, single(0, 7)), "only 6 left after commit");
            assertArrayEquals(new boolean[]{ true }, reserve(session, single(0, 6)));
            assertEquals(STOCK, peer.taken(0));
        }
    }

    @Test
    void shouldMakeUnitsAvailableAgainOnRelease() throws Exception
    {
        peer.setUp(new Catalogue(new int[]{ -1, 0 }, STOCK));
        try (ReservationPeer.Session session = peer.openSession())
        {
            final long id = nextReservationId;
            assertArrayEquals(new boolean[]{ true }, reserve(session, single(1, 4)));
            assertEquals(4, peer.taken(0));

            session.release(new long[]{ id }, 1);

            assertEquals(0, peer.taken(0));
            assertArrayEquals(new boolean[]{ true }, reserve(session, single(0, STOCK)));
        }
    }

    @Test
    void shouldIgnoreCommitOfReleasedReservation() throws Exception
    {
        peer.setUp(new Catalogue(new int[]{ -1 }, STOCK));
        try (ReservationPeer.Session session = peer.openSession())
        {
            final long id = nextReservationId;
            assertArrayEquals(new boolean[]{ true }, reserve(session, single(0, 4)));
            session.release(new long[]{ id }, 1);

            session.commit(new long[]{ id }, 1);
            session.release(new long[]{ id }, 1);

            assertEquals(0, peer.taken(0));
            assertArrayEquals(new boolean[]{ true }, reserve(session, single(0, STOCK)));
        }
    }

    @Test
    void shouldNotOversellHotSkuWithFourThreads() throws Exception
    {
        final int stock = 240;
        final int ordersPerThread = 120;
        final int batch = 6;
        final int threads = 4;
        peer.setUp(new Catalogue(new int[]{ -1, 0 }, stock));

        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try
        {
            final List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                // Half the threads order the source, half its virtual product: both draw on the same stock.
                final int product = t % 2;
                final long firstId = 1_000_000L * (t + 1);
                results.add(pool.submit(() -> hammer(product, firstId, ordersPerThread, batch)));
            }
            int accepted = 0;
            for (final Future<Integer> result : results)
            {
                accepted += result.get(60, TimeUnit.SECONDS);
            }

            // One unit per order and twice as many orders as units: every unit goes, none twice.
            assertEquals(stock, accepted);
            assertEquals(stock, peer.taken(0));
        }
        finally
        {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "client threads did not finish");
        }
    }

    @Test
    void shouldAnswerEachOrderOfABatchAgainstTheStockLeftByTheOnesBefore() throws Exception
    {
        peer.setUp(new Catalogue(new int[]{ -1, -1 }, STOCK));
        try (ReservationPeer.Session session = peer.openSession())
        {
            final OrderBatch orders = new OrderBatch(4, 4);
            orders.add(nextReservationId++).addLine(0, 6);
            orders.add(nextReservationId++).addLine(0, 6);
            orders.add(nextReservationId++).addLine(1, 9);
            orders.add(nextReservationId++).addLine(0, 4);

            assertArrayEquals(new boolean[]{ true, false, true, true }, reserve(session, orders));
            assertArrayEquals(new long[]{ STOCK, 9 }, taken(2));
        }
    }

    @Test
    void shouldNotOversellTwoSkusOrderedInOppositeOrderByFourThreads() throws Exception
    {
        final int stock = 100;
        final int ordersPerThread = 60;
        final int threads = 4;
        peer.setUp(new Catalogue(new int[]{ -1, -1, 0 }, stock));
        final long retriesBefore = retries(peer);

        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try
        {
            final List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                // Lines 0 then 1, or 1 then the virtual product 2 (on source 0): the same two rows in both orders.
                final int first = t % 2 == 0 ? 0 : 1;
                final int second = t % 2 == 0 ? 1 : 2;
                final long firstId = 1_000_000L * (t + 1);
                results.add(pool.submit(() -> hammerTwoLines(first, second, firstId, ordersPerThread)));
            }
            int accepted = 0;
            for (final Future<Integer> result : results)
            {
                accepted += result.get(60, TimeUnit.SECONDS);
            }

            assertEquals(stock, accepted);
            assertArrayEquals(new long[]{ stock, stock }, taken(2));
            assertEquals(retriesBefore, retries(peer), "transactions retried after a deadlock");
        }
        finally
        {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "client threads did not finish");
        }
    }

    @Test
    void shouldFailWithClearMessageWhenWorkDirIsAFile() throws Exception
    {
        final Path file = Files.createTempFile("stockcore-" + launcher().name() + "-not-a-dir-", ".txt");
        try
        {
            final PeerLaunchException failure = assertThrows(PeerLaunchException.class,
                () -> launcher().launch(file).close());

            final String message = failure.getMessage();
            assertTrue(message.startsWith(launcher().name() + ": "), message);
            assertTrue(message.contains(file + " exists and is not a directory"), message);
        }
        finally
        {
            Files.delete(file);
        }
    }

    private int hammer(final int product, final long firstId, final int orders, final int batchSize)
        throws Exception
    {
        final OrderBatch batch = new OrderBatch(batchSize, batchSize);
        final boolean[] accepted = new boolean[batchSize];
        int held = 0;
        try (ReservationPeer.Session session = peer.openSession())
        {
            for (int sent = 0; sent < orders; sent += batchSize)
            {
                batch.clear();
                for (int i = 0; i < batchSize; i++)
                {
                    batch.add(firstId + sent + i).addLine(product, 1);
                }
                session.reserve(batch, accepted);
                for (int i = 0; i < batchSize; i++)
                {
                    held += accepted[i] ? 1 : 0;
                }
            }
        }
        return held;
    }

    private int hammerTwoLines(final int first, final int second, final long firstId, final int orders)
        throws Exception
    {
        final OrderBatch order = new OrderBatch(1, 2);
        final boolean[] accepted = new boolean[1];
        int held = 0;
        try (ReservationPeer.Session session = peer.openSession())
        {
            for (int sent = 0; sent < orders; sent++)
            {
                order.clear().add(firstId + sent).addLine(first, 1).addLine(second, 1);
                session.reserve(order, accepted);
                held += accepted[0] ? 1 : 0;
            }
        }
        return held;
    }

    private OrderBatch single(final int product, final long quantity)
    {
        final OrderBatch order = new OrderBatch(1, 1);
        order.add(nextReservationId++).addLine(product, quantity);
        return order;
    }

    private static boolean[] reserve(final ReservationPeer.Session session, final OrderBatch orders) throws Exception
    {
        final boolean[] accepted = new boolean[orders.size()];
        session.reserve(orders, accepted);
        return accepted;
    }

    private long[] taken(final int products) throws Exception
    {
        final long[] taken = new long[products];
        for (int p = 0; p < products; p++)
        {
            taken[p] = peer.taken(p);
        }
        return taken;
    }

    private static void deleteTree(final Path root) throws IOException
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(path);
            }
        }
    }
}
