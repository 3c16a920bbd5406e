package dev.stockcore.bench.jmh;

import dev.stockcore.bench.workload.Catalogue;
import dev.stockcore.bench.workload.CatalogueBuilder;
import dev.stockcore.bench.workload.SplitMix64;
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
 * The engine core on one thread, no journal (the movements are still encoded; the handler ignores them): one
 * operation is a whole order's life, reserve then commit (or release), so the score is pairs per second.
 * Products are drawn uniformly from a precomputed sequence over {@link #products} physical products; virtual
 * orders go to 1,000 consumers sharing 10 sources. See {@link SteadyEngine} for how time, retention and stock are
 * kept steady; run with {@code -prof gc} to see 0 B/op.
 */
@State(Scope.Thread)
public class EngineCoreBenchmark extends ForkedBenchmark
{
    private static final int VIRTUAL_PRODUCTS = 1_000;
    private static final int SOURCES = 10;
    private static final int SEQUENCE_MASK = (1 << 16) - 1;

    /** Physical products the orders are spread over. */
    @Param("100000")
    public int products;

    private SteadyEngine steady;
    private StockEngine engine;
    private final OrderLines lines = new OrderLines();
    private final OrderLines commitAll = new OrderLines();
    private int[] physicalSequence;
    private int[] virtualSequence;
    private int cursor;

    /**
     * Builds the engine and the product sequences.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final Catalogue catalogue = new CatalogueBuilder()
            .physicalProducts(products)
            .virtualProducts(VIRTUAL_PRODUCTS)
            .sources(SOURCES)
            .build();
        steady = new SteadyEngine(catalogue, MovementHandler.NONE);
        engine = steady.engine();
        final SplitMix64 random = new SplitMix64(42);
        physicalSequence = new int[SEQUENCE_MASK + 1];
        virtualSequence = new int[SEQUENCE_MASK + 1];
        for (int i = 0; i <= SEQUENCE_MASK; i++)
        {
            physicalSequence[i] = random.nextInt(products);
            virtualSequence[i] = products + random.nextInt(VIRTUAL_PRODUCTS);
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
        lines.clear().add(physicalSequence[cursor++ & SEQUENCE_MASK], 1);
        return commit(id, engine.reserve(id, EngineLimits.NO_TTL, lines));
    }

    /**
     * One line of one unit reserved, then released (a cancelled order).
     *
     * @return the release's result.
     */
    @Benchmark
    public Result reserveRelease()
    {
        final long id = steady.nextReservationId();
        lines.clear().add(physicalSequence[cursor++ & SEQUENCE_MASK], 1);
        steady.check(engine.reserve(id, EngineLimits.NO_TTL, lines));
        final Result released = engine.release(id);
        steady.check(released);
        steady.tick();
        return released;
    }

    /**
     * Three lines on three products reserved, then committed.
     *
     * @return the commit's result.
     */
    @Benchmark
    public Result threeLineOrder()
    {
        final long id = steady.nextReservationId();
        lines.clear()
            .add(physicalSequence[cursor++ & SEQUENCE_MASK], 1)
            .add(physicalSequence[cursor++ & SEQUENCE_MASK], 2)
            .add(physicalSequence[cursor++ & SEQUENCE_MASK], 1);
        return commit(id, engine.reserve(id, EngineLimits.NO_TTL, lines));
    }

    /**
     * One line on a virtual product, held by its source through the link, reserved then committed.
     *
     * @return the commit's result.
     */
    @Benchmark
    public Result virtualOrder()
    {
        final long id = steady.nextReservationId();
        lines.clear().add(virtualSequence[cursor++ & SEQUENCE_MASK], 1);
        return commit(id, engine.reserve(id, EngineLimits.NO_TTL, lines));
    }

    private Result commit(final long id, final Result reserved)
    {
        steady.check(reserved);
        final Result committed = engine.commit(id, commitAll);
        steady.check(committed);
        steady.tick();
        return committed;
    }
}
