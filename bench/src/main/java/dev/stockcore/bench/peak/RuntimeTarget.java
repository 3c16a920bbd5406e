package dev.stockcore.bench.peak;

import dev.stockcore.bench.workload.Catalogue;
import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import dev.stockcore.journal.Durability;
import dev.stockcore.runtime.ResultHandler;
import dev.stockcore.runtime.StockClient;
import dev.stockcore.runtime.StockRuntime;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runtime end to end: the generator thread is the producer, encoding each command into the ring buffer; the
 * engine agent applies it, appends its movements to the journal, group-commits the batch (ASYNC) and completes it
 * on the engine thread, which records the latency from the intended send time (carried as the correlation id).
 * <p>
 * Closed reservation ids are remembered for {@value #RETENTION_MILLIS} ms, like the other engine targets. The
 * engine thread uses the runtime's default idle strategy (spin, yield, then park up to 100 µs): on a 2-core
 * machine a busy-spinning writer and the spinning generator leave no core for the JVM's own threads, and the
 * preempted spinner stalls for a scheduler slice (tried: p90 6 ms at 100,000/s, against 3 ms with back-off).
 */
public final class RuntimeTarget implements PeakTarget, ResultHandler
{
    /** How long closed reservation ids are remembered. */
    public static final long RETENTION_MILLIS = 1_000L;
    private static final int SETUP_WINDOW = 4_096;

    private final Path journalDir;
    /** What of the journal directory this target creates, deleted at close. */
    private final ScratchJournal scratch;
    private final Durability durability;
    private final OrderLines lines = new OrderLines();
    private final OrderLines commitAll = new OrderLines();
    private final AtomicLong setUpAnswers = new AtomicLong();
    private StockRuntime runtime;
    private StockClient client;
    private volatile LatencyRecorder recorder;
    private volatile boolean running;
    private boolean backPressured;
    private long setUpFailures;

    /**
     * @param journalDir a new or empty journal directory; what of it this target creates is deleted at close.
     */
    public RuntimeTarget(final Path journalDir)
    {
        this(journalDir, Durability.ASYNC);
    }

    /**
     * @param journalDir a new or empty journal directory; what of it this target creates is deleted at close.
     * @param durability when a command is acknowledged: ASYNC (in the mapped journal) or SYNC (after msync).
     */
    public RuntimeTarget(final Path journalDir, final Durability durability)
    {
        this.journalDir = journalDir;
        this.durability = durability;
        this.scratch = ScratchJournal.at(journalDir);
    }

    @Override
    public int busyThreads()
    {
        return 1;
    }

    @Override
    public Path journalDir()
    {
        return journalDir;
    }

    @Override
    public String name()
    {
        return durability == Durability.ASYNC ? "runtime" : "runtime-" + durability.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void setUp(final Catalogue catalogue)
    {
        runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(journalDir).durability(durability)
            .expectedProducts(catalogue.productCount()).expectedReservations(1 << 21)
            .retentionMillis(RETENTION_MILLIS).offerTimeoutNs(0));
        client = runtime.newClient(this);
        final int products = catalogue.productCount();
        long sent = 0;
        for (int p = 0; p < products; p++)
        {
            final String sku = Catalogue.sku(p);
            sent = setUpCommand(sent, () -> client.addProduct(-1, sku));
        }
        awaitSetUp(sent);
        for (int p = 0; p < products; p++)
        {
            final int product = p;
            if (catalogue.source(p) >= 0)
            {
                sent = setUpCommand(sent, () -> client.link(-1, product, catalogue.source(product)));
            }
            else
            {
                sent = setUpCommand(sent, () -> client.adjust(-1, product, catalogue.initialStock(), EngineLimits.NO_COST));
            }
        }
        awaitSetUp(sent);
        if (setUpFailures > 0)
        {
            throw new IllegalStateException(setUpFailures + " catalogue commands failed on the runtime");
        }
    }

    private long setUpCommand(final long sent, final java.util.function.BooleanSupplier command)
    {
        while (sent - setUpAnswers.get() >= SETUP_WINDOW)
        {
            Thread.yield();
        }
        while (!command.getAsBoolean())
        {
            backPressured = false;
            Thread.yield();
        }
        return sent + 1;
    }

    private void awaitSetUp(final long sent)
    {
        while (setUpAnswers.get() < sent)
        {
            Thread.yield();
        }
    }

    @Override
    public void start(final LatencyRecorders recorders)
    {
        recorder = recorders.newRecorder("runtime engine thread");
        running = true;
    }

    @Override
    public boolean offer(final PeakRequest request, final long intendedNanos)
    {
        final boolean taken;
        switch (request.kind())
        {
            case RESERVE:
                lines.clear();
                for (int i = 0, n = request.lineCount(); i < n; i++)
                {
                    lines.add(request.product(i), request.quantity(i));
                }
                taken = client.reserve(intendedNanos, request.reservationId(), request.ttlMillis(), lines);
                break;
            case COMMIT:
                taken = client.commit(intendedNanos, request.reservationId(), commitAll);
                break;
            default:
                taken = client.release(intendedNanos, request.reservationId());
                break;
        }
        if (!taken && backPressured)
        {
            backPressured = false;
            return false;
        }
        return true;
    }

    /**
     * Completion, on the engine thread (or on the generator thread for a command refused at once).
     */
    @Override
    public void onResult(final long correlationId, final Result result)
    {
        if (result == Result.BACK_PRESSURED)
        {
            backPressured = true;
            return;
        }
        if (!running)
        {
            if (result != Result.OK)
            {
                setUpFailures++;
            }
            setUpAnswers.lazySet(setUpAnswers.get() + 1);
            return;
        }
        recorder.complete(correlationId, result == Result.OK);
    }

    /**
     * @return the runtime, for checks after a run.
     */
    public StockRuntime runtime()
    {
        return runtime;
    }

    @Override
    public void close()
    {
        running = false;
        if (runtime != null)
        {
            runtime.close();
        }
        // The journal was written to be measured, not kept: only the results stay in the output directory.
        scratch.delete();
    }
}
