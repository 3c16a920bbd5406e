package dev.stockcore.bench.jmh;

import dev.stockcore.bench.workload.CatalogueBuilder;
import dev.stockcore.bench.workload.OrderGenerator;
import dev.stockcore.bench.workload.WorkloadModel;
import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.MovementHandler;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import dev.stockcore.engine.StockEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reserve+commit pairs over a large catalogue ({@link #skus}, a million by default) with three popularity shapes:
 * {@code hot}, every order on one SKU (its state stays in L1); {@code zipf}, Zipf 1.1 over a shuffled ranking
 * (a flash sale's handful of hot SKUs and a long tail); {@code uniform}, every SKU equally likely (each order
 * misses the caches for its product's state). The gap between them is the cost of memory, not of logic.
 */
@State(Scope.Thread)
public class SkuSkewBenchmark extends ForkedBenchmark
{
    private static final int SEQUENCE_MASK = (1 << 20) - 1;

    /** Products in the catalogue. */
    @Param("1000000")
    public int skus;

    /** {@code hot}, {@code zipf} or {@code uniform}. */
    @Param({"hot", "zipf", "uniform"})
    public String popularity;

    private SteadyEngine steady;
    private StockEngine engine;
    private final OrderLines lines = new OrderLines();
    private final OrderLines commitAll = new OrderLines();
    private int[] sequence;
    private int cursor;

    /**
     * Builds the engine and the product sequence.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        steady = new SteadyEngine(new CatalogueBuilder().physicalProducts(skus).build(), MovementHandler.NONE);
        engine = steady.engine();
        final double exponent;
        switch (popularity)
        {
            case "hot":
            case "uniform":
                exponent = 0.0;
                break;
            case "zipf":
                exponent = 1.1;
                break;
            default:
                throw new IllegalArgumentException("popularity must be hot, zipf or uniform, got " + popularity);
        }
        final OrderGenerator orders = new OrderGenerator(new WorkloadModel()
            .physicalProducts(skus).virtualProducts(0).virtualOrderShare(0).lines(1, 1).zipfExponent(exponent), 7);
        sequence = new int[SEQUENCE_MASK + 1];
        final int hotSku = orders.physicalProductAtRank(1);
        for (int i = 0; i <= SEQUENCE_MASK; i++)
        {
            sequence[i] = "hot".equals(popularity) ? hotSku : orders.next().product(0);
        }
    }

    /**
     * Tops the stock up, outside measurement.
     */
    @Setup(Level.Iteration)
    public void topUp()
    {
        steady.topUp();
    }

    /**
     * Fails the iteration if any command was rejected.
     */
    @TearDown(Level.Iteration)
    public void checkNoRejections()
    {
        steady.checkNoRejections();
    }

    /**
     * One line of one unit reserved, then committed.
     *
     * @return the commit's result.
     */
    @Benchmark
    public Result reserveCommit()
    {
        final long id = steady.nextReservationId();
        lines.clear().add(sequence[cursor++ & SEQUENCE_MASK], 1);
        steady.check(engine.reserve(id, EngineLimits.NO_TTL, lines));
        final Result committed = engine.commit(id, commitAll);
        steady.check(committed);
        steady.tick();
        return committed;
    }
}
