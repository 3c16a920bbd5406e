package dev.stockcore.journal.feed;

import dev.stockcore.engine.StockEngine;
import dev.stockcore.engine.movement.MovementDecoder;
import dev.stockcore.engine.movement.MovementDescriptor;
import dev.stockcore.journal.Journal;
import dev.stockcore.journal.JournalException;
import dev.stockcore.journal.JournalTailer;
import dev.stockcore.journal.JournaledEngine;
import dev.stockcore.journal.SnapshotStore;
import org.agrona.DirectBuffer;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The stock feed of a journal: a replica engine that replays the journal's batches and, after each batch,
 * reports one availability change per product whose availability the batch changed, to an
 * {@link AvailabilityHandler}. Poll it to read on; it follows a writer running in another process.
 * <pre>{@code
 * try (Journal journal = Journal.openForReading(dir);
 *      JournalFeed feed = JournalFeed.open(new JournalFeed.Context().journal(journal).fromSequence(42)
 *          .availabilityHandler((replica, product, available, sequence) -> ...)))
 * {
 *     while (running) { if (feed.poll(1024) == 0) idle.idle(); }
 * }
 * }</pre>
 * <ul>
 *   <li><b>Which products</b>: after a batch, the holder of every stock movement in it (adjust, count,
 *       reserve, commit, release, expiry) and each product consuming that holder's stock (the virtual
 *       fan-out: a change on A is a change for A and for each consumer B, C of A, with the same value), and
 *       the consumer of every link and unlink (its availability becomes its source's, or its own again).
 *       Consumers are reported in ascending product index after their source.</li>
 *   <li><b>Only real changes</b>: a product is reported only if its availability differs from the value last
 *       reported for it, so a commit of held stock (physical and reservedHeld both go down), a count equal to
 *       the stock, or a registration (availability 0) reports nothing, and a link to a source with nothing
 *       available reports nothing for the consumer.</li>
 *   <li><b>Sequence</b>: a change carries the sequence of the last movement of its batch.</li>
 *   <li><b>Start</b>: changes with a sequence below {@link Context#fromSequence(long)} are not reported but
 *       are applied and tracked, so that the changes from a sequence on are exactly the tail of the changes
 *       from the start (a subscriber that saw sequence S resumes from S + 1). The replay starts from the
 *       newest snapshot before that sequence, or the start of the journal; if the journal was pruned past
 *       it, from the oldest snapshot the journal continues, reporting first every product's availability as
 *       of that snapshot, and {@link #warnings()} says so (see {@link FeedStart}).</li>
 * </ul>
 * Per batch it decodes the movements once more after the replica has applied them, and compares a handful
 * of values against a per-product {@code long[]} of the last values reported: no allocation per batch or per
 * change, only when the catalogue outgrows the arrays. Not thread safe: one thread polls it.
 */
public final class JournalFeed implements AutoCloseable
{
    private final StockEngine replica;
    private final JournalTailer tailer;
    private final AvailabilityHandler handler;
    private final long fromSequence;
    private final SnapshotStore.Info startSnapshot;
    private final List<String> warnings;
    private final MovementDecoder decoder = new MovementDecoder();
    private final ConsumerLists consumers = new ConsumerLists();
    private final int[] touchedHolders = new int[MovementDescriptor.MAX_MOVEMENTS_PER_BATCH];
    private final int[] relinkedConsumers = new int[MovementDescriptor.MAX_MOVEMENTS_PER_BATCH];
    private final Journal.BatchConsumer onBatch = this::onBatch;
    private long[] lastReported = new long[0];
    private boolean resyncPending;
    private long batches;
    private long changes;

    private JournalFeed(final Context context, final FeedStart start, final JournalTailer tailer)
    {
        this.replica = start.engine();
        this.tailer = tailer;
        this.handler = context.availabilityHandler();
        this.fromSequence = context.fromSequence();
        this.startSnapshot = start.snapshot();
        this.warnings = List.copyOf(start.warnings());
        this.resyncPending = start.resync();
        final int products = replica.productCount();
        ensureCapacity(products);
        for (int p = 0; p < products; p++)
        {
            lastReported[p] = replica.available(p);
            final int source = replica.source(p);
            if (source >= 0)
            {
                consumers.link(p, source);
            }
        }
    }

    /**
     * Chooses the start (see {@link FeedStart}), loads the snapshot if any, and positions on the journal.
     * Nothing is read or reported until the first {@link #poll(long)}.
     *
     * @param context configuration; validated by {@link Context#conclude()}.
     * @return the feed.
     * @throws JournalException if the journal was pruned and no valid snapshot is left to start from.
     */
    public static JournalFeed open(final Context context)
    {
        context.conclude();
        final FeedStart start = FeedStart.choose(context.journal(), context.fromSequence(), context.newEngine());
        return new JournalFeed(context, start, context.journal().tailer(start.afterIndex()));
    }

    /**
     * Applies the batches appended since the last poll, up to {@code batchLimit}, reporting their changes.
     *
     * @param batchLimit most batches to apply in this call.
     * @return the number of batches applied; 0 when the feed has reached the end of the journal.
     * @throws JournalException if the journal does not continue the replica's state (a gap, a repeat, a
     *                          batch that does not apply) or an excerpt is corrupt or of a newer format.
     */
    public long poll(final long batchLimit)
    {
        if (resyncPending)
        {
            resyncPending = false;
            reportEveryProduct();
        }
        final long read = tailer.poll(onBatch, batchLimit);
        batches += read;
        return read;
    }

    /** @return the replica: the state as of {@link #sequence()}. Read it; never call a command on it. */
    public StockEngine replica()
    {
        return replica;
    }

    /** @return the sequence of the last movement applied. */
    public long sequence()
    {
        return replica.sequence();
    }

    /** @return the snapshot the replay started from, or null if it started at the beginning of the journal. */
    public SnapshotStore.Info startSnapshot()
    {
        return startSnapshot;
    }

    /** @return what the start skipped or could not honour, one line each (empty if nothing). */
    public List<String> warnings()
    {
        return warnings;
    }

    /** @return batches applied since open. */
    public long batches()
    {
        return batches;
    }

    /** @return changes reported to the handler since open. */
    public long changes()
    {
        return changes;
    }

    /** Closes the journal position; the journal itself stays open (its owner closes it). */
    @Override
    public void close()
    {
        tailer.close();
    }

    private boolean onBatch(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        final int movements = MovementDecoder.batchCount(buffer, offset);
        if (movements < 1 || movements > MovementDescriptor.MAX_MOVEMENTS_PER_BATCH ||
            length < MovementDescriptor.BATCH_HEADER_LENGTH + MovementDescriptor.MOVEMENT_LENGTH)
        {
            throw new JournalException("journal excerpt at index " + index + " holds " + movements + " movements in " +
                length + " bytes; the journal is corrupt: run verify for details");
        }
        final long first = MovementDecoder.batchFirstSequence(buffer, offset);
        if (first != replica.sequence() + 1)
        {
            throw new JournalException("journal excerpt at index " + index + " starts at movement sequence " + first +
                " but the feed's state is at " + replica.sequence() + (first <= replica.sequence() ?
                " (it repeats movements already applied)" : " (movements are missing)") + "; run verify for details");
        }
        try
        {
            replica.applyBatch(buffer, offset);
        }
        catch (final IllegalStateException ex)
        {
            throw new JournalException("journal excerpt at index " + index + " cannot be applied: " + ex.getMessage(), ex);
        }
        int touched = 0;
        int relinked = 0;
        for (decoder.wrapBatch(buffer, offset); decoder.next(); )
        {
            switch (decoder.kind())
            {
                case PRODUCT_ADDED:
                    ensureCapacity(replica.productCount());
                    lastReported[decoder.ordered()] = replica.available(decoder.ordered());
                    break;
                case LINKED:
                    consumers.link(decoder.ordered(), decoder.holder());
                    relinkedConsumers[relinked++] = decoder.ordered();
                    break;
                case UNLINKED:
                    consumers.unlink(decoder.ordered(), decoder.holder());
                    relinkedConsumers[relinked++] = decoder.ordered();
                    break;
                case ADJUSTED:
                case COUNTED:
                case RESERVED:
                case COMMITTED:
                case RELEASED:
                case EXPIRED:
                    touched = touch(decoder.holder(), touched);
                    break;
                default:
                    break;
            }
        }
        final long sequence = replica.sequence();
        for (int i = 0; i < touched; i++)
        {
            final int holder = touchedHolders[i];
            reportIfChanged(holder, sequence);
            for (int consumer = consumers.first(holder); consumer >= 0; consumer = consumers.next(consumer))
            {
                reportIfChanged(consumer, sequence);
            }
        }
        for (int i = 0; i < relinked; i++)
        {
            reportIfChanged(relinkedConsumers[i], sequence);
        }
        return true;
    }

    private int touch(final int holder, final int touched)
    {
        for (int i = 0; i < touched; i++)
        {
            if (touchedHolders[i] == holder)
            {
                return touched;
            }
        }
        touchedHolders[touched] = holder;
        return touched + 1;
    }

    private void reportIfChanged(final int product, final long sequence)
    {
        final long available = replica.available(product);
        if (available != lastReported[product])
        {
            lastReported[product] = available;
            if (sequence >= fromSequence)
            {
                changes++;
                handler.onAvailability(replica, product, available, sequence);
            }
        }
    }

    private void reportEveryProduct()
    {
        final long sequence = replica.sequence();
        for (int p = 0, products = replica.productCount(); p < products; p++)
        {
            changes++;
            handler.onAvailability(replica, p, lastReported[p], sequence);
        }
    }

    private void ensureCapacity(final int products)
    {
        if (products > lastReported.length)
        {
            lastReported = Arrays.copyOf(lastReported, Math.max(products, Math.max(16, lastReported.length * 2)));
        }
        consumers.ensureCapacity(products);
    }

    /**
     * Configuration of a {@link JournalFeed}, with fluent setters; {@link #conclude()} validates it and fills
     * in the defaults.
     */
    public static final class Context
    {
        private Journal journal;
        private long fromSequence = 1;
        private AvailabilityHandler availabilityHandler;
        private Supplier<StockEngine> newEngine;

        /**
         * Validates the configuration and fills in the defaults.
         *
         * @return this.
         * @throws IllegalArgumentException if the journal or the availability handler is missing, or the sequence is
         *                                  below 1.
         */
        public Context conclude()
        {
            if (journal == null || availabilityHandler == null)
            {
                throw new IllegalArgumentException("a journal and an availabilityHandler are required");
            }
            if (fromSequence < 1)
            {
                throw new IllegalArgumentException("fromSequence must be a movement sequence, 1 or more: " + fromSequence);
            }
            if (newEngine == null)
            {
                newEngine = new JournaledEngine.Context()::newEngine;
            }
            return this;
        }

        /** @param journal the journal to read, open (for reading or writing); the feed does not close it. @return this. */
        public Context journal(final Journal journal)
        {
            this.journal = journal;
            return this;
        }

        /** @return the journal to read. */
        public Journal journal()
        {
            return journal;
        }

        /** @param sequence report the changes of batches ending at this sequence or later (default 1: all). @return this. */
        public Context fromSequence(final long sequence)
        {
            this.fromSequence = sequence;
            return this;
        }

        /** @return the first sequence reported. */
        public long fromSequence()
        {
            return fromSequence;
        }

        /** @param handler receives the changes, on the polling thread. @return this. */
        public Context availabilityHandler(final AvailabilityHandler handler)
        {
            this.availabilityHandler = handler;
            return this;
        }

        /** @return the availability handler. */
        public AvailabilityHandler availabilityHandler()
        {
            return availabilityHandler;
        }

        /**
         * @param newEngine makes the empty replica engine (capacity hints); default: the journaled engine's
         *                  defaults. @return this.
         */
        public Context newEngine(final Supplier<StockEngine> newEngine)
        {
            this.newEngine = newEngine;
            return this;
        }

        /** @return makes the empty replica engine. */
        public Supplier<StockEngine> newEngine()
        {
            return newEngine;
        }
    }
}
