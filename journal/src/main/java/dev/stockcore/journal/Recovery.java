package dev.stockcore.journal;

import dev.stockcore.engine.StockEngine;
import dev.stockcore.engine.movement.MovementDecoder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Rebuilds engine state from a journal: the newest valid snapshot, then every batch after the journal
 * index it covers, applied as recorded (no re-validation, so replay is fast and independent of rule
 * changes). Snapshots that fail their checks are skipped and reported, never silently. Every excerpt read
 * passes its checksum first ({@link JournalTailer}), and the recovered state must pass the engine's full
 * invariant check ({@link StockEngine#checkInvariants()}, once, at the end) or recovery refuses it.
 */
public final class Recovery
{
    private static final long PROGRESS_EVERY_BATCHES = 1 << 16;

    private Recovery()
    {
    }

    /**
     * What recovery found and did.
     *
     * @param engine            the recovered engine.
     * @param snapshot          the snapshot used, or null for a replay from the start.
     * @param batchesReplayed   journal excerpts applied after the snapshot.
     * @param movementsReplayed movements in them.
     * @param lastIndex         index of the last excerpt applied (or covered by the snapshot), -1 if none.
     * @param nanos             time taken.
     * @param warnings          everything skipped, one line each.
     */
    public record Outcome(
        StockEngine engine,
        SnapshotStore.Info snapshot,
        long batchesReplayed,
        long movementsReplayed,
        long lastIndex,
        long nanos,
        List<String> warnings)
    {
    }

    /**
     * Told how a long replay advances.
     */
    public interface Progress
    {
        /** Reports nothing. */
        Progress NONE = (done, total, movements, nanos) -> {};

        /**
         * @param done      journal excerpts reached so far (one excerpt holds a group commit's batches).
         * @param total     excerpts to replay in all, so {@code done * 100 / total} is the percentage.
         * @param movements movements applied so far.
         * @param nanos     time since the replay started.
         */
        void onProgress(long done, long total, long movements, long nanos);
    }

    /**
     * Recovers from the newest valid snapshot and the journal after it.
     *
     * @param journal   the journal, open for reading or writing.
     * @param newEngine makes an empty engine with the wanted capacities and retention.
     * @param progress  told every 65,536 batches, with the excerpts reached out of the excerpts to replay.
     * @return what was recovered.
     * @throws JournalException if the journal cannot be replayed onto the snapshot (a gap, a damaged excerpt), or
     *                          the state it gives breaks an invariant.
     */
    public static Outcome recover(final Journal journal, final Supplier<StockEngine> newEngine, final Progress progress)
    {
        final long start = System.nanoTime();
        final List<String> warnings = new ArrayList<>();
        final SnapshotStore.Loaded loaded = new SnapshotStore(journal.dir()).loadNewestValid(newEngine, warnings);
        final StockEngine engine = loaded != null ? loaded.engine() : newEngine.get();
        final long afterIndex = loaded != null ? loaded.info().journalIndex() : -1;
        if (loaded != null && afterIndex >= 0 && afterIndex < journal.firstIndex())
        {
            throw new JournalException("snapshot " + loaded.info().file().getFileName() + " covers journal index " +
                afterIndex + " but the journal now starts at " + journal.firstIndex() + "; the queue files between " +
                "are missing");
        }
        final long last = journal.lastIndex();
        final long total = afterIndex < 0 ? journal.countExcerpts(journal.firstIndex(), last + 1) :
            journal.countExcerpts(afterIndex, last + 1) - 1;
        // Batches applied, movements applied, last excerpt index, excerpts applied: progress compares excerpts
        // with the excerpt total, since an excerpt holds a whole group commit's batches.
        final long[] counts = new long[4];
        counts[2] = afterIndex;
        journal.read(afterIndex, (index, buffer, offset, length) ->
        {
            final long first = MovementDecoder.batchFirstSequence(buffer, offset);
            if (first != engine.sequence() + 1)
            {
                throw new JournalException("journal " + journal.dir() + ": " + journal.excerptName(index) +
                    " starts at movement sequence " + first + " but the state is at " + engine.sequence() +
                    (first <= engine.sequence() ? " (it repeats movements already applied)" : " (movements are missing)") +
                    "; run verify for details");
            }
            try
            {
                engine.applyBatch(buffer, offset);
            }
            catch (final IllegalStateException ex)
            {
                throw new JournalException("journal " + journal.dir() + ": " + journal.excerptName(index) +
                    " cannot be applied: " + ex.getMessage() + "; run verify for details", ex);
            }
            counts[0]++;
            counts[1] += MovementDecoder.batchCount(buffer, offset);
            if (index != counts[2])
            {
                counts[3]++;
                counts[2] = index;
            }
            if ((counts[0] & (PROGRESS_EVERY_BATCHES - 1)) == 0)
            {
                progress.onProgress(counts[3], total, counts[1], System.nanoTime() - start);
            }
            return true;
        });
        final String broken = engine.checkInvariants();
        if (broken != null)
        {
            throw new JournalException("journal " + journal.dir() + ": the state recovered " +
                (counts[2] < 0 ? "from the snapshot" : "up to " + journal.excerptName(counts[2])) + " (sequence " +
                engine.sequence() + ") breaks an invariant: " + broken + "; nothing was started: run verify " +
                "--every-batch to find the excerpt that breaks it, and restore the journal from a backup");
        }
        return new Outcome(engine, loaded != null ? loaded.info() : null, counts[0], counts[1], counts[2],
            System.nanoTime() - start, warnings);
    }

    /**
     * A one-line description of a recovery, for logs and the CLI.
     *
     * @param outcome the recovery.
     * @return the summary.
     */
    public static String summary(final Outcome outcome)
    {
        final StockEngine engine = outcome.engine();
        final Path snapshot = outcome.snapshot() == null ? null : outcome.snapshot().file().getFileName();
        return String.format("products=%d open_reservations=%d last_sequence=%d time_ms=%.1f " +
                "movements_replayed=%d batches_replayed=%d snapshot=%s",
            engine.productCount(), engine.openReservationCount(), engine.sequence(), outcome.nanos() / 1e6,
            outcome.movementsReplayed(), outcome.batchesReplayed(), snapshot == null ? "none" : snapshot);
    }
}
