package dev.stockcore.journal.feed;

import dev.stockcore.engine.StockEngine;
import dev.stockcore.engine.movement.MovementDecoder;
import dev.stockcore.journal.Journal;
import dev.stockcore.journal.JournalException;
import dev.stockcore.journal.SnapshotStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where a feed starts, for a requested first sequence {@code from}:
 * <ol>
 *   <li>the newest valid snapshot that covers less than {@code from} (sequence &lt; from) and whose journal
 *       index the journal still holds: replaying on from it reaches {@code from} with nothing missed;</li>
 *   <li>else the start of the journal, if it still begins at sequence 1 (or is empty);</li>
 *   <li>else (the journal was pruned past {@code from}) the oldest valid snapshot it continues, with
 *       {@link #resync()} set: the changes between {@code from} and that snapshot are gone, so the feed
 *       first reports every product's availability as of the snapshot, and a warning says so.</li>
 * </ol>
 * A snapshot that fails its checks is skipped with a warning, as recovery skips it.
 *
 * @param engine       the replica to replay onto: loaded from the snapshot, or empty.
 * @param snapshot     the snapshot it was loaded from, or null for the start of the journal.
 * @param afterIndex   the journal index to read after (-1 for the first excerpt).
 * @param resync       whether the start could not honour {@code from} (case 3).
 * @param warnings     what was skipped or could not be honoured, one line each.
 */
record FeedStart(StockEngine engine, SnapshotStore.Info snapshot, long afterIndex, boolean resync,
    List<String> warnings)
{
    /**
     * Chooses the start.
     *
     * @param journal   the journal, open.
     * @param from      first sequence wanted, 1 or more.
     * @param newEngine makes an empty engine.
     * @return the start.
     * @throws JournalException if the journal was pruned and no valid snapshot is left to start from.
     */
    static FeedStart choose(final Journal journal, final long from, final Supplier<StockEngine> newEngine)
    {
        final List<String> warnings = new ArrayList<>();
        final SnapshotStore snapshots = new SnapshotStore(journal.dir());
        final long firstIndex = journal.firstIndex();
        final long lastIndex = journal.lastIndex();
        final List<SnapshotStore.Info> usable = new ArrayList<>();
        for (final Path file : snapshots.list())
        {
            final SnapshotStore.Info info;
            try
            {
                info = snapshots.verify(file);
            }
            catch (final JournalException ex)
            {
                warnings.add("snapshot " + file.getFileName() + " skipped: " + ex.getMessage());
                continue;
            }
            if (info.journalIndex() < 0 || info.journalIndex() < firstIndex || info.journalIndex() > lastIndex)
            {
                continue;
            }
            usable.add(info);
            if (info.sequence() < from)
            {
                final StockEngine loaded = load(snapshots, info, newEngine, warnings);
                if (loaded != null)
                {
                    return new FeedStart(loaded, info, info.journalIndex(), false, warnings);
                }
            }
        }
        final long firstSequence = firstSequence(journal);
        if (firstSequence <= 1)
        {
            return new FeedStart(newEngine.get(), null, -1, false, warnings);
        }
        for (int i = usable.size() - 1; i >= 0; i--)
        {
            final SnapshotStore.Info info = usable.get(i);
            final StockEngine loaded = info.sequence() >= from ? load(snapshots, info, newEngine, warnings) : null;
            if (loaded != null)
            {
                warnings.add("the journal was pruned (it starts at sequence " + firstSequence + ") and no snapshot " +
                    "before sequence " + from + " is left: starting at snapshot " + info.file().getFileName() +
                    " (sequence " + info.sequence() + "), first with every product's availability as of sequence " +
                    info.sequence() + "; the changes between " + from + " and " + info.sequence() + " are gone");
                return new FeedStart(loaded, info, info.journalIndex(), true, warnings);
            }
        }
        throw new JournalException("journal " + journal.dir() + " was pruned (it starts at sequence " + firstSequence +
            ") and no valid snapshot covers a journal index it still holds, so the availability cannot be rebuilt" +
            (warnings.isEmpty() ? "" : " (" + String.join("; ", warnings) + ")") +
            "; run recover to see what recovery finds");
    }

    private static StockEngine load(final SnapshotStore snapshots, final SnapshotStore.Info info,
        final Supplier<StockEngine> newEngine, final List<String> warnings)
    {
        try
        {
            return snapshots.load(info.file(), newEngine.get()).engine();
        }
        catch (final JournalException | IllegalStateException ex)
        {
            warnings.add("snapshot " + info.file().getFileName() + " skipped: " + ex.getMessage());
            return null;
        }
    }

    /** @return the sequence of the journal's first movement (1 unless it was pruned), or -1 if it is empty. */
    private static long firstSequence(final Journal journal)
    {
        final long[] first = { -1 };
        journal.read(-1, (index, buffer, offset, length) ->
        {
            first[0] = MovementDecoder.batchFirstSequence(buffer, offset);
            return false;
        });
        return first[0];
    }
}
