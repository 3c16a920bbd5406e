package dev.stockcore.bench.peak;

import dev.stockcore.bench.workload.Catalogue;
import dev.stockcore.bench.workload.CatalogueLoader;
import dev.stockcore.engine.MovementHandler;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import dev.stockcore.engine.StockEngine;
import dev.stockcore.journal.Durability;
import dev.stockcore.journal.Journal;

import java.nio.file.Path;

/**
 * The engine called directly on the simulator's generator thread: the single writer with no ring buffer in front,
 * so a command completes inside {@link #offer}. Optionally journaled: every movement is appended to a
 * {@link Journal} and each command is group-committed alone before it counts as complete (what a runtime does
 * with a batch of one).
 * <p>
 * Engine time follows the schedule: the intended send time of each command, in ms since {@link #start}. Closed
 * reservation ids are remembered for {@value #RETENTION_MILLIS} ms instead of the default 24 h, so that the engine
 * holds about a second's worth of closed ids rather than every id of the run.
 */
public final class DirectEngineTarget implements PeakTarget
{
    /** How long closed reservation ids are remembered, in engine time. */
    public static final long RETENTION_MILLIS = 1_000L;

    private final Path journalDir;
    /** What of the journal directory this target creates, deleted at close. */
    private final ScratchJournal scratch;
    private final Durability durability;
    private final OrderLines lines = new OrderLines();
    private final OrderLines commitAll = new OrderLines();
    private StockEngine engine;
    private Journal journal;
    private LatencyRecorder recorder;
    private long originNanos;
    private long engineMillis;

    private DirectEngineTarget(final Path journalDir, final Durability durability)
    {
        this.journalDir = journalDir;
        this.scratch = journalDir == null ? null : ScratchJournal.at(journalDir);
        this.durability = durability;
    }

    /**
     * @return the engine alone, in memory.
     */
    public static DirectEngineTarget inMemory()
    {
        return new DirectEngineTarget(null, Durability.ASYNC);
    }

    /**
     * @param journalDir a new or empty journal directory; what of it this target creates is deleted at close.
     * @param durability what each command's commit guarantees.
     * @return the engine with its journal, on the same thread.
     */
    public static DirectEngineTarget journaled(final Path journalDir, final Durability durability)
    {
        return new DirectEngineTarget(journalDir, durability);
    }

    @Override
    public String name()
    {
        return journalDir == null ? "engine" : "engine-journaled";
    }

    @Override
    public Path journalDir()
    {
        return journalDir;
    }

    @Override
    public void setUp(final Catalogue catalogue)
    {
        MovementHandler handler = MovementHandler.NONE;
        if (journalDir != null)
        {
            journal = Journal.openForWriting(journalDir, durability);
            handler = journal;
        }
        engine = new StockEngine(handler, catalogue.productCount(), 1 << 21, RETENTION_MILLIS);
        engine.advanceTime(1);
        engineMillis = 1;
        CatalogueLoader.load(engine, catalogue);
        if (journal != null)
        {
            journal.commit();
        }
    }

    @Override
    public void start(final LatencyRecorders recorders)
    {
        recorder = recorders.newRecorder(name() + " on the generator thread");
        originNanos = System.nanoTime();
    }

    @Override
    public boolean offer(final PeakRequest request, final long intendedNanos)
    {
        final long millis = 1 + (intendedNanos - originNanos) / 1_000_000;
        if (millis > engineMillis)
        {
            engineMillis = millis;
            engine.advanceTime(millis);
        }
        final Result result;
        switch (request.kind())
        {
            case RESERVE:
                lines.clear();
                for (int i = 0, n = request.lineCount(); i < n; i++)
                {
                    lines.add(request.product(i), request.quantity(i));
                }
                result = engine.reserve(request.reservationId(), request.ttlMillis(), lines);
                break;
            case COMMIT:
                result = engine.commit(request.reservationId(), commitAll);
                break;
            default:
                result = engine.release(request.reservationId());
                break;
        }
        if (journal != null)
        {
            journal.commit();
        }
        recorder.complete(intendedNanos, result == Result.OK);
        return true;
    }

    /**
     * @return the engine, for checks after a run.
     */
    public StockEngine engine()
    {
        return engine;
    }

    @Override
    public void close()
    {
        if (journal != null)
        {
            journal.close();
            journal = null;
        }
        // The journal was written to be measured, not kept: only the results stay in the output directory.
        if (scratch != null)
        {
            scratch.delete();
        }
    }
}
