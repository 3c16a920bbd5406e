package dev.stockcore.bench.jmh;

import dev.stockcore.bench.peak.DirectEngineTarget;
import dev.stockcore.bench.peak.LatencyRecorders;
import dev.stockcore.bench.peak.PeakRequest;
import dev.stockcore.bench.workload.OrderBatch;
import dev.stockcore.bench.workload.OrderFate;
import dev.stockcore.bench.workload.OrderGenerator;
import dev.stockcore.bench.workload.OrderPool;
import dev.stockcore.bench.workload.WorkloadModel;
import dev.stockcore.journal.Durability;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the benchmarks measure allocates nothing per operation once warm: the property {@code -prof gc} shows as
 * 0 B/op, checked with the thread's allocated bytes on small catalogues. The bound is below one byte per hundred
 * operations: the smallest Java object is 16 bytes, so one allocation per operation would be 1,600 times over it,
 * while a rare one-off event is tolerated (Chronicle mapping its next chunk of file, the JIT re-materialising an
 * object when it deoptimises), as it is in JMH's figure.
 */
class ZeroAllocationTest
{
    private static final int WARM = 300_000;
    private static final int MEASURED = 300_000;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @Test
    void shouldNotAllocateInTheEngineCoreBenchmarks()
    {
        final EngineCoreBenchmark benchmark = new EngineCoreBenchmark();
        benchmark.products = 2_000;
        benchmark.setUp();
        assertNoAllocationPerOperation("reserveCommit", benchmark::reserveCommit);
        assertNoAllocationPerOperation("reserveRelease", benchmark::reserveRelease);
        assertNoAllocationPerOperation("threeLineOrder", benchmark::threeLineOrder);
        assertNoAllocationPerOperation("virtualOrder", benchmark::virtualOrder);
        benchmark.checkNoRejections();
    }

    @Test
    void shouldNotAllocateInTheSkuSkewBenchmark()
    {
        for (final String popularity : new String[] {"hot", "zipf", "uniform"})
        {
            final SkuSkewBenchmark benchmark = new SkuSkewBenchmark();
            benchmark.skus = 10_000;
            benchmark.popularity = popularity;
            benchmark.setUp();
            assertNoAllocationPerOperation(popularity, benchmark::reserveCommit);
            benchmark.checkNoRejections();
        }
    }

    @Test
    void shouldNotAllocateWhenRecordingOrReplayingSegments()
    {
        final ReplayBenchmark benchmark = new ReplayBenchmark();
        benchmark.setUp();
        final Runnable segment = () ->
        {
            benchmark.recordSegment();
            benchmark.replaySegment();
        };
        assertNoAllocationPerOperation("replay", segment, 2, 4 * ReplayBenchmark.SEGMENT_MOVEMENTS, 4);
    }

    @Test
    void shouldNotAllocateWhenAppendingToTheJournal() throws Exception
    {
        final JournalAppendBenchmark benchmark = new JournalAppendBenchmark();
        benchmark.durability = Durability.ASYNC;
        benchmark.lines = 1;
        benchmark.setUp();
        try
        {
            assertNoAllocationPerOperation("journal append", benchmark::appendAndCommit, 100_000, 100_000, 100_000);
        }
        finally
        {
            benchmark.tearDown();
        }
    }

    @Test
    void shouldNotAllocateWhenGeneratingOrders()
    {
        final WorkloadModel model = WorkloadModel.peak();
        final OrderGenerator orders = new OrderGenerator(model, 1);
        final OrderBatch batch = new OrderBatch(16, 16 * model.maxLines());
        final OrderFate[] fates = new OrderFate[16];
        assertNoAllocationPerOperation("fill", () -> orders.fill(batch, 16, fates), 20_000, 16 * 20_000, 20_000);
        assertNoAllocationPerOperation("next", orders::next);
    }

    @Test
    void shouldNotAllocateWhenTheEngineTargetTakesAndRecordsCommands()
    {
        final WorkloadModel model = WorkloadModel.peak().physicalProducts(5_000).virtualProducts(100);
        final OrderPool pool = new OrderPool(new OrderGenerator(model, 1), 4_096);
        final DirectEngineTarget target = DirectEngineTarget.inMemory();
        target.setUp(model.catalogue());
        target.start(new LatencyRecorders());
        final PeakRequest request = new PeakRequest();
        final long origin = System.nanoTime();
        final long[] next = {1};
        // Intended times 200 orders per ms of engine time: the retention window fills during the warm-up.
        final Runnable order = () ->
        {
            final long id = next[0]++;
            final long intended = origin + id * 5_000L;
            target.offer(request.reserve(pool, (int)(id & 4095), id, model.ttlMillis()), intended);
            target.offer(request.commit(id), intended);
        };
        assertNoAllocationPerOperation("offer", order, 300_000, MEASURED, MEASURED);
        target.close();
    }

    private void assertNoAllocationPerOperation(final String what, final Runnable operation)
    {
        assertNoAllocationPerOperation(what, operation, WARM, MEASURED, MEASURED);
    }

    /**
     * @param operations what the measured calls amount to (a call may be many operations).
     */
    private void assertNoAllocationPerOperation(
        final String what, final Runnable operation, final int warm, final long operations, final int calls)
    {
        for (int i = 0; i < warm; i++)
        {
            operation.run();
        }
        final long baseline = measure(() -> {}, 1);
        final long allocated = measure(operation, calls) - baseline;
        // Below 0.1 B per operation: one object per operation would be >= 16 B. Chronicle allocates ~1 KB when it
        // maps the next chunk of the queue file (seen: 1,056 B over 100,000 appends), which is per chunk, not per
        // append.
        assertTrue(allocated * 10 < operations,
            what + " allocated " + allocated + " bytes over " + operations + " operations");
    }

    private long measure(final Runnable operation, final int times)
    {
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < times; i++)
        {
            operation.run();
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
