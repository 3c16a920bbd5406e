package dev.stockcore.journal;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.MovementHandler;
import dev.stockcore.engine.StockEngine;
import dev.stockcore.engine.movement.MovementDecoder;
import org.agrona.DirectBuffer;

import java.nio.file.Path;

/**
 * An engine whose every movement is journaled: takes the writer lock, recovers the state from the
 * journal, then appends each command's batch as it is produced. Call {@link #commit()} before
 * acknowledging commands (group commit); it also takes a snapshot every N movements. {@link #close()}
 * commits, snapshots and releases the lock.
 * <pre>{@code
 * try (JournaledEngine journaled = JournaledEngine.open(new JournaledEngine.Context().journalDir(dir)))
 * {
 *     StockEngine engine = journaled.engine();
 *     Result result = engine.reserve(id, ttl, lines);
 *     journaled.commit();          // now the result may be acknowledged
 * }
 * }</pre>
 * Single threaded, like the engine.
 */
public final class JournaledEngine implements AutoCloseable
{
    private final Context context;
    private final Journal journal;
    private final SnapshotStore snapshots;
    private final StockEngine engine;
    private final Recovery.Outcome recovery;
    private final MovementHandler handler;
    private long movementsSinceSnapshot;
    private long lastSnapshotSequence = -1;
    private boolean closed;
    /** The first Throwable from the journal: from then on nothing is written, committed or snapshot. */
    private Throwable failure;

    private JournaledEngine(final Context context, final Journal journal, final Recovery.Outcome recovery)
    {
        this.context = context;
        this.journal = journal;
        this.snapshots = new SnapshotStore(context.journalDir());
        this.recovery = recovery;
        this.engine = recovery.engine();
        this.handler = context.movementHandler();
        if (recovery.snapshot() != null && recovery.movementsReplayed() == 0)
        {
            lastSnapshotSequence = recovery.snapshot().sequence();
        }
        engine.movementHandler(new JournalingHandler());
        // A crash between a time advance's batches leaves due reservations open: complete that command.
        if (engine.expirePending() > 0)
        {
            journal.commit();
        }
    }

    /**
     * Opens the journal for writing (creating it if needed), recovers and starts journaling.
     *
     * @param context configuration; validated by {@link Context#conclude()}.
     * @return the journaled engine.
     * @throws JournalException if another process writes the journal, or it cannot be recovered.
     * @throws IllegalStateException if the JVM lacks a required flag (see {@link RequiredJvmFlags}).
     */
    public static JournaledEngine open(final Context context)
    {
        RequiredJvmFlags.check("JournaledEngine.open");
        context.conclude();
        final Journal journal = Journal.openForWriting(context.journalDir(), context.durability());
        try
        {
            final Recovery.Outcome recovery = Recovery.recover(journal, context::newEngine, context.progress());
            return new JournaledEngine(context, journal, recovery);
        }
        catch (final RuntimeException ex)
        {
            journal.close();
            throw ex;
        }
    }

    /** @return the engine; commands on it are journaled. */
    public StockEngine engine()
    {
        return engine;
    }

    /** @return what recovery found when this was opened. */
    public Recovery.Outcome recovery()
    {
        return recovery;
    }

    /** @return the journal written to. */
    public Journal journal()
    {
        return journal;
    }

    /**
     * Group commit: every command applied so far becomes durable per the policy, and may be acknowledged.
     * Takes a snapshot first if the snapshot interval has passed.
     *
     * @return the number of batches this commit covered.
     */
    public long commit()
    {
        final long covered = commitJournal();
        if (context.snapshotEveryMovements() > 0 && movementsSinceSnapshot >= context.snapshotEveryMovements() &&
            !engine.isFailed())
        {
            snapshot();
        }
        return covered;
    }

    /**
     * Takes a snapshot now (between commands), covering everything appended so far.
     *
     * @return the snapshot file.
     */
    public Path snapshot()
    {
        commitJournal();
        final Path file = snapshots.write(engine, journal.lastAppendedIndex() >= 0 ? journal.lastAppendedIndex() :
            recovery.lastIndex());
        movementsSinceSnapshot = 0;
        lastSnapshotSequence = engine.sequence();
        return file;
    }

    /**
     * Whether the journal threw (a write, a commit): the engine may then be ahead of what is stored, so this
     * refuses every later commit and snapshot, and {@link #close()} writes nothing more.
     *
     * @return true once the journal failed.
     */
    public boolean isFailed()
    {
        return failure != null;
    }

    /**
     * Marks the journal failed for a Throwable caught outside it that may have come from it: a fault writing
     * the mapped file (disk full) is delivered as an {@link InternalError} when the thread next polls, possibly
     * after the write returned. From then on nothing is committed, written or snapshot. Idempotent; the first
     * cause is kept.
     *
     * @param cause what was caught.
     */
    public void markFailed(final Throwable cause)
    {
        if (failure == null)
        {
            failure = cause;
        }
    }

    /**
     * Commits, takes a snapshot if anything changed since the last one (never of a failed engine or journal),
     * and releases the journal. Idempotent.
     */
    @Override
    public void close()
    {
        close(true);
    }

    /**
     * Closes without taking a snapshot: for an owner that no longer trusts the engine's state (an exception
     * escaped while applying a command), so that recovery rebuilds it from the journal alone. Idempotent.
     */
    public void closeWithoutSnapshot()
    {
        close(false);
    }

    private void close(final boolean snapshotAllowed)
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            if (failure == null)
            {
                commit();
            }
            // A failed engine may be ahead of its journal: a snapshot of it would make that state durable.
            if (snapshotAllowed && !engine.isFailed() && failure == null && engine.sequence() != lastSnapshotSequence &&
                engine.sequence() > 0)
            {
                snapshot();
            }
        }
        finally
        {
            engine.movementHandler(null);
            if (failure == null)
            {
                journal.close();
            }
            else
            {
                // Nothing more is written over a journal that failed: staged batches could tear or repeat an excerpt.
                try
                {
                    journal.closeWithoutCommit();
                }
                catch (final Throwable closing)
                {
                    // The failure already reported is the cause; a fault from the same full disk adds nothing.
                    failure.addSuppressed(closing);
                }
            }
        }
    }

    private long commitJournal()
    {
        checkNotFailed();
        try
        {
            return journal.commit();
        }
        catch (final Throwable ex)
        {
            // An Error too: a fault on the mapped file (disk full) surfaces as an InternalError.
            failure = ex;
            throw ex;
        }
    }

    private void checkNotFailed()
    {
        if (failure != null)
        {
            throw new JournalException("journal " + journal.dir() + " failed earlier (" + failure + "); nothing more " +
                "is written to it: close it and recover from the journal", failure);
        }
    }

    private final class JournalingHandler implements MovementHandler
    {
        @Override
        public void onBatch(final DirectBuffer buffer, final int offset, final int length)
        {
            // Throwing here fails the engine too (StockEngine.publish), so it refuses every later command.
            checkNotFailed();
            try
            {
                journal.onBatch(buffer, offset, length);
            }
            catch (final Throwable ex)
            {
                failure = ex;
                throw ex;
            }
            movementsSinceSnapshot += MovementDecoder.batchCount(buffer, offset);
            handler.onBatch(buffer, offset, length);
        }
    }

    /**
     * Configuration, with fluent setters; {@link #conclude()} validates it and fills in defaults.
     */
    public static final class Context
    {
        private Path journalDir;
        private Durability durability = Durability.ASYNC;
        private long snapshotEveryMovements = 10_000_000L;
        private int productCapacity = 1024;
        private int reservationCapacity = 1 << 16;
        private long retentionMillis = EngineLimits.DEFAULT_RETENTION_MILLIS;
        private Recovery.Progress progress = Recovery.Progress.NONE;
        private MovementHandler movementHandler = MovementHandler.NONE;

        /**
         * Validates the configuration.
         *
         * @return this.
         * @throws IllegalArgumentException if a value is out of range.
         */
        public Context conclude()
        {
            if (journalDir == null)
            {
                throw new IllegalArgumentException("journalDir is required");
            }
            if (snapshotEveryMovements < 0 || productCapacity < 1 || reservationCapacity < 1 || retentionMillis < 1)
            {
                throw new IllegalArgumentException("snapshotEveryMovements >= 0, capacities >= 1 and retention >= 1 ms" +
                    " are required");
            }
            return this;
        }

        /** @param dir the journal directory (created if missing). @return this. */
        public Context journalDir(final Path dir)
        {
            this.journalDir = dir;
            return this;
        }

        /** @return the journal directory. */
        public Path journalDir()
        {
            return journalDir;
        }

        /** @param durability what a commit guarantees (default ASYNC). @return this. */
        public Context durability(final Durability durability)
        {
            this.durability = durability;
            return this;
        }

        /** @return what a commit guarantees. */
        public Durability durability()
        {
            return durability;
        }

        /** @param movements take a snapshot at the first commit after this many movements; 0 never (default 10,000,000). @return this. */
        public Context snapshotEveryMovements(final long movements)
        {
            this.snapshotEveryMovements = movements;
            return this;
        }

        /** @return the snapshot interval in movements, 0 for never. */
        public long snapshotEveryMovements()
        {
            return snapshotEveryMovements;
        }

        /** @param products expected product count (tables grow beyond it). @return this. */
        public Context productCapacity(final int products)
        {
            this.productCapacity = products;
            return this;
        }

        /** @param reservations expected open plus remembered reservations. @return this. */
        public Context reservationCapacity(final int reservations)
        {
            this.reservationCapacity = reservations;
            return this;
        }

        /** @param millis how long closed reservation ids are remembered (default 24 h). @return this. */
        public Context retentionMillis(final long millis)
        {
            this.retentionMillis = millis;
            return this;
        }

        /**
         * @param handler called with each batch after it was appended to the journal (not for the batches
         *                replayed by recovery), on the writer thread; e.g. to publish changed stock levels.
         * @return this.
         */
        public Context movementHandler(final MovementHandler handler)
        {
            this.movementHandler = handler == null ? MovementHandler.NONE : handler;
            return this;
        }

        /**
         * @return the movement handler, {@link MovementHandler#NONE} by default.
         */
        public MovementHandler movementHandler()
        {
            return movementHandler;
        }

        /** @param progress told how a long recovery advances. @return this. */
        public Context progress(final Recovery.Progress progress)
        {
            this.progress = progress == null ? Recovery.Progress.NONE : progress;
            return this;
        }

        /** @return the recovery progress callback. */
        public Recovery.Progress progress()
        {
            return progress;
        }

        /** @return a new, empty engine with this configuration's capacities and retention. */
        public StockEngine newEngine()
        {
            return new StockEngine(null, productCapacity, reservationCapacity, retentionMillis);
        }
    }
}
