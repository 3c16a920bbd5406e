package dev.stockcore.bench.jmh;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import dev.stockcore.runtime.StockClient;
import dev.stockcore.runtime.StockRuntime;
import org.agrona.IoUtil;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runtime end to end: producer threads submit reservations through the asynchronous client; the engine agent
 * applies them, appends the movements to a real journal (ASYNC), group-commits each batch and completes the
 * callers. One operation is one reservation acknowledged after its journal append (the release that follows each
 * one is submitted too but not counted). Each producer keeps at most {@value #WINDOW} commands in flight, as an
 * order-intake service bounded by its request threads would. Closed ids are remembered for 1 s.
 */
@State(Scope.Benchmark)
public class RuntimeEndToEndBenchmark extends ForkedBenchmark
{
    static final int WINDOW = 4_096;
    private static final int PRODUCTS = 1_000;

    private Path dir;
    StockRuntime runtime;

    /**
     * Launches the runtime on a new journal with {@value #PRODUCTS} products of ample stock.
     *
     * @throws IOException if the temporary directory cannot be created.
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        dir = Files.createTempDirectory("stockcore-runtime-bench");
        runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir.resolve("journal"))
            .expectedProducts(PRODUCTS).expectedReservations(1 << 21).retentionMillis(1_000)
            .idleStrategy(new YieldingIdleStrategy()).snapshotEveryMovements(0));
        for (int p = 0; p < PRODUCTS; p++)
        {
            runtime.addProduct("P" + p);
            runtime.adjust(p, EngineLimits.MAX_ADJUST_DELTA, EngineLimits.NO_COST);
        }
    }

    /**
     * Closes the runtime and deletes the journal.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        runtime.close();
        IoUtil.delete(dir.toFile(), true);
    }

    /**
     * One producer thread's client and its in-flight window.
     */
    @State(Scope.Thread)
    public static class Producer
    {
        private static final AtomicLong THREADS = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final OrderLines lines = new OrderLines();
        StockClient client;
        long sent;
        long nextId;
        int product;

        /**
         * Creates this thread's client.
         *
         * @param benchmark the shared runtime.
         */
        @Setup(Level.Trial)
        public void setUp(final RuntimeEndToEndBenchmark benchmark)
        {
            nextId = (THREADS.incrementAndGet() << 40) + 1;
            client = benchmark.runtime.newClient((correlationId, result) ->
            {
                if (result == Result.BACK_PRESSURED)
                {
                    return;
                }
                answered.lazySet(answered.get() + 1);
            });
        }

        /**
         * Waits for every command of this thread to be answered, so iterations do not leak into each other.
         */
        @TearDown(Level.Iteration)
        public void drain()
        {
            while (answered.get() < sent)
            {
                Thread.yield();
            }
        }

        long reserveAndRelease()
        {
            while (sent - answered.get() >= WINDOW)
            {
                Thread.yield();
            }
            final long id = nextId++;
            product = product + 1 == PRODUCTS ? 0 : product + 1;
            lines.clear().add(product, 1);
            while (!client.reserve(id, id, EngineLimits.NO_TTL, lines))
            {
                Thread.yield();
            }
            while (!client.release(id, id))
            {
                Thread.yield();
            }
            sent += 2;
            return id;
        }
    }

    /**
     * One producer thread.
     *
     * @param producer its client.
     * @return the reservation id, against dead-code elimination.
     */
    @Benchmark
    @Threads(1)
    public long oneProducer(final Producer producer)
    {
        return producer.reserveAndRelease();
    }

    /**
     * Two producer threads sharing the runtime (one core each for producers and engine would need three).
     *
     * @param producer this thread's client.
     * @return the reservation id, against dead-code elimination.
     */
    @Benchmark
    @Threads(2)
    public long twoProducers(final Producer producer)
    {
        return producer.reserveAndRelease();
    }
}
