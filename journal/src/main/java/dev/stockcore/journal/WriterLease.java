package dev.stockcore.journal;

import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.TableStore;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The writer's claim recorded inside the journal itself, in the queue's metadata store ({@code metadata.cq4t},
 * which cannot be deleted without destroying the journal), so that deleting {@code writer.lock} (it looks like a
 * stale pid file) does not let a second writer in. Two mapped longs:
 * <pre>
 * {@value #HOLDER_KEY}       the holder: process start time in epoch seconds (high 32 bits) | pid (low 32 bits),
 *                                0 when no writer holds the journal
 * {@value #LAST_INDEX_KEY}   the index of the last excerpt the holder wrote
 * </pre>
 * A new writer takes the claim only from a holder that is no longer alive (its pid gone, or reused by a process
 * started at another time), with a compare-and-swap, so two starting writers cannot both take it. Before each
 * excerpt the holder checks that the last index is still the one it wrote: if anything else appended, it fails
 * before writing, so nothing it acknowledges can clash with another writer's sequences. The check is one
 * volatile read of mapped memory, and the update one ordered write: no system call, no allocation.
 * <p>
 * The liveness test sees the processes of this host's pid namespace only; a writer on another host or in another
 * container is kept out by the OS lock on {@code writer.lock} alone, and caught by the per-excerpt check.
 */
final class WriterLease
{
    /** Key of the holder in the queue's metadata store. */
    static final String HOLDER_KEY = "stockcore.writer.holder";
    /** Key of the index of the last excerpt the holder wrote. */
    static final String LAST_INDEX_KEY = "stockcore.writer.lastIndex";

    private final Path dir;
    private final LongValue holder;
    private final LongValue lastIndex;
    private final long token;

    private WriterLease(final Path dir, final LongValue holder, final LongValue lastIndex, final long token)
    {
        this.dir = dir;
        this.holder = holder;
        this.lastIndex = lastIndex;
        this.token = token;
    }

    /**
     * Takes the claim for this process, unless a live process holds it.
     *
     * @param dir       the journal directory, for messages.
     * @param metaStore the queue's metadata store, open for writing.
     * @param lastIndex the journal's last index now (-1 if empty): where this writer continues.
     * @return the lease.
     * @throws JournalException naming the holder if another live process holds the claim.
     */
    static WriterLease claim(final Path dir, final TableStore<?> metaStore, final long lastIndex)
    {
        final LongValue holder = metaStore.acquireValueFor(HOLDER_KEY, 0);
        final long token = token(ProcessHandle.current());
        while (true)
        {
            final long current = holder.getVolatileValue();
            if (current != 0 && current != token && alive(current))
            {
                throw new JournalException("journal " + dir + " is already open for writing by another process " +
                    describe(current) + " although " + JournalDescriptor.LOCK_FILE + " does not show it (the file " +
                    "was deleted or replaced); only one writer at a time: stop that process first (read-only " +
                    "commands such as dump work meanwhile)");
            }
            if (holder.compareAndSwapValue(current, token))
            {
                break;
            }
        }
        final LongValue last = metaStore.acquireValueFor(LAST_INDEX_KEY, -1);
        last.setOrderedValue(lastIndex);
        return new WriterLease(dir, holder, last, token);
    }

    /**
     * Called before each excerpt is written: fails if the journal's last excerpt is not the one this writer
     * wrote last (another writer appended), so that this writer acknowledges nothing that clashes with it.
     *
     * @param expectedIndex the index of the last excerpt this writer knows of.
     * @throws JournalException if the journal moved on without this writer, or the claim was taken.
     */
    void checkBeforeAppend(final long expectedIndex)
    {
        final long found = lastIndex.getVolatileValue();
        if (found != expectedIndex || holder.getVolatileValue() != token)
        {
            throw new JournalException("journal " + dir + " was written by another writer while this one (pid " +
                ProcessHandle.current().pid() + ") held it: its last excerpt is at index " + found + ", this " +
                "writer's at " + expectedIndex + ", holder now " + describe(holder.getVolatileValue()) +
                "; nothing more is written or acknowledged here: stop every writer, then run verify");
        }
    }

    /**
     * Called with the excerpt being written (Chronicle's append lock held, so nothing else can append meanwhile):
     * fails, discarding the excerpt, unless it directly follows the last one this writer wrote. This catches a
     * writer that ignores the lease (an older build) too, except when the queue rolls to a new cycle file, where
     * only the index's sequence is known to restart.
     *
     * @param context       the excerpt being written.
     * @param rollCycle     the queue's roll cycle.
     * @param expectedIndex the index of the last excerpt this writer knows of, -1 for an empty journal.
     * @throws JournalException if another excerpt came between.
     */
    void checkFollows(final DocumentContext context, final RollCycle rollCycle, final long expectedIndex)
    {
        final long index = context.index();
        final boolean follows = expectedIndex >= 0 && rollCycle.toCycle(index) == rollCycle.toCycle(expectedIndex) ?
            index == expectedIndex + 1 : rollCycle.toSequenceNumber(index) == 0;
        if (!follows)
        {
            context.rollbackOnClose();
            throw new JournalException("journal " + dir + " was written by another writer while this one (pid " +
                ProcessHandle.current().pid() + ") held it: its next excerpt would be at index " + index + ", " +
                "not right after this writer's last at " + expectedIndex + "; nothing more is written or " +
                "acknowledged here: stop every writer, then run verify");
        }
    }

    /**
     * Records the excerpt just written as the journal's last.
     *
     * @param index its index.
     */
    void appended(final long index)
    {
        lastIndex.setOrderedValue(index);
    }

    /**
     * Gives the claim up (a clean close), if this writer still holds it.
     */
    void release()
    {
        holder.compareAndSwapValue(token, 0);
    }

    static long token(final ProcessHandle process)
    {
        final long started = process.info().startInstant().map(Instant::getEpochSecond).orElse(0L);
        return (started << 32) | (process.pid() & 0xFFFF_FFFFL);
    }

    private static boolean alive(final long token)
    {
        final Optional<ProcessHandle> process = ProcessHandle.of(token & 0xFFFF_FFFFL);
        if (process.isEmpty() || !process.get().isAlive())
        {
            return false;
        }
        final long started = token >>> 32;
        final long now = token(process.get()) >>> 32;
        // A pid reused by a process started at another time is not the holder; an unknown time cannot tell.
        return started == 0 || now == 0 || started == now;
    }

    static String describe(final long token)
    {
        if (token == 0)
        {
            return "(none)";
        }
        final long started = token >>> 32;
        return "(pid " + (token & 0xFFFF_FFFFL) + ")" +
            (started == 0 ? "" : " started " + Instant.ofEpochSecond(started));
    }
}
