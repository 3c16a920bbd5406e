package dev.stockcore.cli;

import dev.stockcore.engine.StockEngine;
import dev.stockcore.engine.movement.MovementDecoder;
import dev.stockcore.journal.Journal;
import dev.stockcore.journal.JournalException;
import dev.stockcore.journal.Recovery;
import dev.stockcore.journal.SnapshotStore;
import org.agrona.DirectBuffer;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Supplier;

/**
 * Replays journal batches onto an engine and checks each one, stopping at the first problem:
 * <ul>
 * <li>the batch's first sequence follows the engine's ({@code engine.sequence() + 1}): no gap, no repeat;</li>
 * <li>the engine accepts it ({@link StockEngine#applyBatch} checks every record against the state);</li>
 * <li>never oversold: {@code 0 <= reservedHeld <= physical} for every holder the batch touched, after every batch;</li>
 * <li>every invariant ({@link StockEngine#checkInvariants()}): after every batch while the state is small, and
 *     for a large state after enough movements to cost no more than a constant factor of the replay
 *     ({@value #FULL_CHECK_RATIO} movements' worth of work per product or reservation), so that verify stays
 *     linear in the journal; always at the end. {@code everyBatch} forces it after every batch;</li>
 * <li>each snapshot: when the replay reaches its sequence, at the journal index it names, the state loaded
 *     from it has the replayed state hash.</li>
 * </ul>
 */
final class JournalVerifier implements Journal.BatchConsumer
{
    /** Full invariant checks cost at most about this many times the replay itself. */
    static final int FULL_CHECK_RATIO = 16;
    private static final long PROGRESS_EVERY_BATCHES = 1 << 16;

    private final StockEngine engine;
    private final SnapshotStore snapshots;
    private final Supplier<StockEngine> newEngine;
    private final ArrayDeque<SnapshotStore.Info> pending;
    private final boolean everyBatch;
    private final Recovery.Progress progress;
    private final long excerptsTotal;
    private final List<String> warnings;
    private final Journal journal;
    private final MovementDecoder decoder = new MovementDecoder();
    private final long startNanos = System.nanoTime();
    private String problem;
    private long batches;
    private long movements;
    private long fullChecks;
    private long movementsSinceFullCheck;
    private long batchesSinceFullCheck;
    private long lastFullCheckIndex = -1;
    private long snapshotsMatched;
    private long lastIndex;
    private long excerpts;

    /**
     * @param engine       the state to replay onto: new, or loaded from the snapshot the journal continues.
     * @param startIndex   index of the excerpt the engine's state includes, -1 for none.
     * @param snapshots    the journal's snapshot store.
     * @param pending      snapshots to compare, by ascending sequence, all past the engine's sequence.
     * @param newEngine    makes an empty engine to load a snapshot into.
     * @param everyBatch   run the full invariant check after every batch whatever it costs.
     * @param progress     told how the replay advances.
     * @param excerptsTotal journal excerpts to replay (for the percentage).
     * @param warnings     receives each snapshot that cannot be loaded, which is skipped.
     * @param journal      the journal replayed, which names an excerpt (index in hex and decimal, cycle file).
     */
    JournalVerifier(
        final StockEngine engine,
        final long startIndex,
        final SnapshotStore snapshots,
        final List<SnapshotStore.Info> pending,
        final Supplier<StockEngine> newEngine,
        final boolean everyBatch,
        final Recovery.Progress progress,
        final long excerptsTotal,
        final List<String> warnings,
        final Journal journal)
    {
        this.engine = engine;
        this.lastIndex = startIndex;
        this.snapshots = snapshots;
        this.pending = new ArrayDeque<>(pending);
        this.newEngine = newEngine;
        this.everyBatch = everyBatch;
        this.progress = progress;
        this.excerptsTotal = excerptsTotal;
        this.warnings = warnings;
        this.journal = journal;
    }

    @Override
    public boolean onBatch(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        if (index != lastIndex)
        {
            excerpts++;
        }
        lastIndex = index;
        final int count = decoder.wrapBatch(buffer, offset);
        if (count < 1 || !decoder.next())
        {
            return fail(index, -1, "it holds a batch of " + count + " movements; a batch holds at least one");
        }
        final long first = decoder.sequence();
        final long expected = engine.sequence() + 1;
        if (first != expected)
        {
            return fail(index, first, first < expected ?
                "it starts at sequence " + first + " but the journal before it already reached " + engine.sequence() +
                    " (movements repeated)" :
                "it starts at sequence " + first + " but the journal before it ends at " + engine.sequence() +
                    " (movements " + expected + ".." + (first - 1) + " are missing)");
        }
        try
        {
            engine.applyBatch(buffer, offset);
        }
        catch (final IllegalStateException ex)
        {
            return fail(index, first, "it cannot be applied: " + ex.getMessage());
        }
        batches++;
        movements += count;
        movementsSinceFullCheck += count;
        batchesSinceFullCheck++;
        final String oversold = checkHolders(buffer, offset);
        if (oversold != null)
        {
            return fail(index, first, "after it " + oversold);
        }
        final long stateSize = engine.productCount() + (long)engine.openReservationCount() +
            engine.retainedReservationCount();
        if (everyBatch || movementsSinceFullCheck * FULL_CHECK_RATIO >= stateSize)
        {
            final String broken = fullCheck(index);
            if (broken != null)
            {
                return fail(index, first, broken);
            }
        }
        if (!compareSnapshotsAt(index, first))
        {
            return false;
        }
        if (batches % PROGRESS_EVERY_BATCHES == 0)
        {
            // The total counts excerpts, and an excerpt holds a whole group commit's batches.
            progress.onProgress(excerpts, excerptsTotal, movements, System.nanoTime() - startNanos);
        }
        return true;
    }

    /**
     * Compares the snapshots whose sequence the replay has reached, if any; at the start, with the index
     * the engine's state includes.
     *
     * @param index        the excerpt just applied.
     * @param batchFirst   its first sequence, or the engine's sequence at the start.
     * @return false if one does not match.
     */
    boolean compareSnapshotsAt(final long index, final long batchFirst)
    {
        while (!pending.isEmpty() && pending.peekFirst().sequence() <= engine.sequence())
        {
            final SnapshotStore.Info snapshot = pending.pollFirst();
            final String name = snapshot.file().getFileName().toString();
            if (snapshot.sequence() != engine.sequence())
            {
                return fail(index, batchFirst, "snapshot " + name + " covers sequence " + snapshot.sequence() +
                    ", which falls inside this batch (sequences " + batchFirst + ".." + engine.sequence() +
                    "): it was not taken between commands");
            }
            if (snapshot.journalIndex() != index)
            {
                return fail(index, batchFirst, "snapshot " + name + " covers sequence " + snapshot.sequence() +
                    ", reached at this excerpt, but names journal index " + snapshot.journalIndex() +
                    ": recovery from it would replay the wrong excerpts");
            }
            final StockEngine loaded;
            try
            {
                loaded = snapshots.load(snapshot.file(), newEngine.get()).engine();
            }
            catch (final JournalException | IllegalStateException ex)
            {
                warnings.add("snapshot " + name + " not compared: " + ex.getMessage());
                continue;
            }
            if (loaded.stateHash() != engine.stateHash())
            {
                return fail(index, batchFirst, String.format("snapshot %s (sequence %d) does not match the journal: " +
                    "its state hash is %016x, the replayed state's %016x", name, snapshot.sequence(),
                    loaded.stateHash(), engine.stateHash()));
            }
            snapshotsMatched++;
        }
        return true;
    }

    /**
     * The checks after the last batch: the full invariant check, and snapshots the journal does not reach.
     *
     * @return false if one failed.
     */
    boolean finish()
    {
        if (problem != null)
        {
            return false;
        }
        if (movementsSinceFullCheck > 0 || fullChecks == 0)
        {
            final String broken = fullCheck(lastIndex);
            if (broken != null)
            {
                return fail(lastIndex, -1, broken);
            }
        }
        if (!pending.isEmpty())
        {
            final SnapshotStore.Info snapshot = pending.peekFirst();
            problem = "snapshot " + snapshot.file().getFileName() + " covers sequence " + snapshot.sequence() +
                " but the journal ends at sequence " + engine.sequence() + ": the journal lost movements the " +
                "snapshot holds";
            return false;
        }
        return true;
    }

    /** @return what is wrong, or null if nothing was found. */
    String problem()
    {
        return problem;
    }

    /** @return batches replayed. */
    long batches()
    {
        return batches;
    }

    /** @return movements replayed. */
    long movements()
    {
        return movements;
    }

    /** @return full invariant checks run. */
    long fullChecks()
    {
        return fullChecks;
    }

    /** @return snapshots whose state matched the replay. */
    long snapshotsMatched()
    {
        return snapshotsMatched;
    }

    /** @return time since the verifier was made. */
    long nanos()
    {
        return System.nanoTime() - startNanos;
    }

    private String checkHolders(final DirectBuffer buffer, final int offset)
    {
        for (decoder.wrapBatch(buffer, offset); decoder.next(); )
        {
            final int holder = decoder.holder();
            if (holder >= 0)
            {
                final long physical = engine.physical(holder);
                final long reservedHeld = engine.reservedHeld(holder);
                if (reservedHeld < 0 || reservedHeld > physical)
                {
                    return engine.sku(holder) + " is oversold: reserved " + reservedHeld + " outside 0.." + physical;
                }
            }
        }
        return null;
    }

    private String fullCheck(final long index)
    {
        final String broken = engine.checkInvariants();
        final long previous = lastFullCheckIndex;
        final long batchesUnchecked = batchesSinceFullCheck;
        fullChecks++;
        movementsSinceFullCheck = 0;
        batchesSinceFullCheck = 0;
        lastFullCheckIndex = index;
        if (broken == null)
        {
            return null;
        }
        return "after it an invariant does not hold: " + broken + (batchesUnchecked <= 1 ? "" :
            " (found by the full check covering the last " + batchesUnchecked + " batches" +
            (previous >= 0 ? ", after journal index " + previous : "") +
            "; run verify --every-batch to find the first batch that breaks it)");
    }

    private boolean fail(final long index, final long sequence, final String what)
    {
        problem = (index < 0 ? "before the first excerpt" :
            journal.excerptName(index) + (sequence >= 0 ? " (sequence " + sequence + ")" : "")) + ": " + what;
        return false;
    }
}
