package dev.stockcore.bench.jmh;

import dev.stockcore.bench.workload.Catalogue;
import dev.stockcore.bench.workload.CatalogueLoader;
import dev.stockcore.bench.workload.FollowUpQueue;
import dev.stockcore.bench.workload.OrderFate;
import dev.stockcore.bench.workload.OrderGenerator;
import dev.stockcore.bench.workload.WorkloadModel;
import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.MovementHandler;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.StockEngine;
import org.agrona.DirectBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Replay rate, in movements per second: {@link StockEngine#applyBatch} over recorded batches, the recovery path.
 * <p>
 * A primary engine runs the peak workload (10,000 physical and 200 virtual products, 1–5 lines, 90% committed and
 * 10% released 1,024 orders later, engine time 1 ms per 256 orders) and records its batches; a replica, which
 * started from the same state, applies them. Before each invocation the primary records the next segment of
 * exactly {@value #SEGMENT_MOVEMENTS} movements (outside the measurement; padded with single-movement adjustments
 * to be exact), and the invocation replays that segment, so the replica follows the primary for as long as the
 * benchmark runs without either engine allocating or a new engine being built. Reservations have no
 * time-to-live here so that no time advance emits an unbounded number of expiries.
 */
@State(Scope.Thread)
public class ReplayBenchmark extends ForkedBenchmark
{
    /** Movements replayed per invocation. */
    public static final int SEGMENT_MOVEMENTS = 1 << 18;
    private static final int ORDERS_PER_MILLI = 256;
    private static final int FOLLOW_UP_DELAY = 1_024;
    /** Largest movement count of one step: a reservation, its follow-up's commit or release, a time advance. */
    private static final int MAX_STEP_MOVEMENTS = 5 + 5 + 1;
    private static final int WARM_SEGMENTS = 12;

    private final BatchCapture segment =
        new BatchCapture(SEGMENT_MOVEMENTS * 80 + 4096, SEGMENT_MOVEMENTS);
    private final OrderLines lines = new OrderLines();
    private final OrderLines commitAll = new OrderLines();
    private final FollowUpQueue followUps = new FollowUpQueue(FOLLOW_UP_DELAY);
    private OrderGenerator orders;
    private StockEngine primary;
    private StockEngine replica;
    private long now = 1;
    private int ordersThisMilli;

    /**
     * Builds the primary and the replica in the same state.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final WorkloadModel model = WorkloadModel.peak()
            .physicalProducts(10_000).virtualProducts(200).expireShare(0).initialStock(SteadyEngine.STOCK);
        orders = new OrderGenerator(model, 11);
        final Catalogue catalogue = model.catalogue();
        replica = new StockEngine(
            MovementHandler.NONE, catalogue.productCount(), 1 << 20, SteadyEngine.RETENTION_MILLIS);
        primary = new StockEngine(
            this::mirror, catalogue.productCount(), 1 << 20, SteadyEngine.RETENTION_MILLIS);
        CatalogueLoader.load(primary, catalogue);
        primary.advanceTime(now);
        primary.movementHandler(segment);
        // Past the retention window several times, so that every table has its steady-state size.
        for (int i = 0; i < WARM_SEGMENTS; i++)
        {
            recordSegment();
            replaySegment();
        }
    }

    private void mirror(final DirectBuffer buffer, final int offset, final int length)
    {
        replica.applyBatch(buffer, offset);
    }

    /**
     * Records the next segment on the primary, outside the measurement.
     */
    @Setup(Level.Invocation)
    public void recordSegment()
    {
        segment.clear();
        while (segment.movements() <= SEGMENT_MOVEMENTS - MAX_STEP_MOVEMENTS)
        {
            orders.next();
            lines.clear();
            for (int i = 0; i < orders.lineCount(); i++)
            {
                lines.add(orders.product(i), orders.quantity(i));
            }
            primary.reserve(orders.reservationId(), EngineLimits.NO_TTL, lines);
            if (followUps.push(orders.reservationId(), orders.fate()))
            {
                if (followUps.dueFate() == OrderFate.RELEASE)
                {
                    primary.release(followUps.dueId());
                }
                else
                {
                    primary.commit(followUps.dueId(), commitAll);
                }
            }
            if (++ordersThisMilli == ORDERS_PER_MILLI)
            {
                ordersThisMilli = 0;
                primary.advanceTime(++now);
            }
        }
        while (segment.movements() < SEGMENT_MOVEMENTS)
        {
            CatalogueLoader.addStock(primary, 0, 1);
        }
        if (segment.movements() != SEGMENT_MOVEMENTS)
        {
            throw new IllegalStateException("segment holds " + segment.movements() + " movements instead of " +
                SEGMENT_MOVEMENTS);
        }
    }

    /**
     * Replays the segment onto the replica.
     *
     * @return the replica's sequence after it.
     */
    @Benchmark
    @OperationsPerInvocation(SEGMENT_MOVEMENTS)
    public long replaySegment()
    {
        final BatchCapture recorded = segment;
        final StockEngine engine = replica;
        final DirectBuffer buffer = recorded.buffer();
        for (int i = 0, n = recorded.batches(); i < n; i++)
        {
            engine.applyBatch(buffer, recorded.offset(i));
        }
        return engine.sequence();
    }
}
