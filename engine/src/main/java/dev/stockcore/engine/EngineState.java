package dev.stockcore.engine;

import org.agrona.DirectBuffer;

/**
 * The state of a {@link StockEngine} and everything that reads or restores it without applying a rule:
 * the queries, {@link #stateHash()} and {@link #checkInvariants()} (through {@link EngineAudit}), snapshot
 * taking and loading (through {@link EngineSnapshot}) and batch replay (through {@link MovementReplayer}).
 * {@link StockEngine}, its only subclass, adds the commands, so that the rules read in one file of their own.
 * <p>
 * The tables: products in a {@link ProductTable}, SKUs in a {@link SkuTable}, reservations in a
 * {@link ReservationStore}; plus engine time and the sequence of the last movement. A base class rather
 * than a field of the engine (as the Disruptor's {@code RingBuffer} extends {@code RingBufferFields}), so
 * a command reads the tables as its own fields and the public queries stay methods of {@link StockEngine} for
 * every caller. A product access is two dependent loads ({@code products}, then its growable {@code state}
 * array), one more than before the carve; the engine core JMH figures before and after showed no difference
 * beyond their run-to-run noise.
 * <p>
 * Not thread safe: the single writer owns it. Query from the writer thread, or from any thread once the
 * writer has stopped; other threads need a published view.
 */
abstract sealed class EngineState permits StockEngine
{
    /** Version of the layout {@link #takeSnapshot(SnapshotSink)} writes, checked by {@link #loadSnapshot}. */
    public static final int SNAPSHOT_VERSION = 1;

    final SkuTable skus;
    final ProductTable products;
    final ReservationStore reservations;
    final long retentionMillis;
    long time;
    long sequence;

    private final MovementReplayer replayer;
    private final EngineSnapshot snapshot;
    private final EngineAudit audit;

    EngineState(final int productCapacity, final int reservationCapacity, final long retentionMillis)
    {
        if (retentionMillis < 1)
        {
            throw new IllegalArgumentException("retentionMillis must be >= 1: " + retentionMillis);
        }
        this.retentionMillis = retentionMillis;
        final int capacity = Math.max(16, productCapacity);
        products = new ProductTable(capacity);
        skus = new SkuTable(capacity);
        reservations = new ReservationStore(reservationCapacity);
        replayer = new MovementReplayer(this, skus, products, reservations);
        snapshot = new EngineSnapshot(this, skus, products, reservations);
        audit = new EngineAudit(this, skus, products, reservations);
    }

    /**
     * Applies a batch of movements as recorded, without re-validating them: the recovery path.
     * The engine must hold exactly the state it had when the batch was produced.
     *
     * @param buffer holding the batch.
     * @param offset of the batch header.
     * @throws IllegalStateException if the batch does not fit the state (a corrupt or foreign journal).
     */
    public void applyBatch(final DirectBuffer buffer, final int offset)
    {
        replayer.apply(buffer, offset);
    }

    /**
     * Moves sequence and time to those of a replayed movement or a loaded snapshot, for
     * {@link MovementReplayer} and {@link EngineSnapshot}; the commands move them themselves.
     */
    void replayedTo(final long sequence, final long time)
    {
        this.sequence = sequence;
        this.time = time;
    }

    /**
     * Streams the whole state (products, open reservations, remembered closed reservations, time and
     * sequence) to a sink, between commands, in a layout of version {@link #SNAPSHOT_VERSION} that
     * {@link #loadSnapshot(SnapshotSource)} reads back (the layout is drawn in {@link EngineSnapshot}).
     *
     * @param sink where the state goes.
     */
    public void takeSnapshot(final SnapshotSink sink)
    {
        snapshot.take(sink);
    }

    /**
     * Loads state written by {@link #takeSnapshot(SnapshotSink)} into this engine, which must be new
     * (no products, no movements). Emits no movements. The result has the same {@link #stateHash()} as
     * the engine that took the snapshot.
     *
     * @param source the snapshot stream.
     * @throws IllegalStateException if the engine is not new or the snapshot is not one this version reads.
     */
    public void loadSnapshot(final SnapshotSource source)
    {
        snapshot.load(source);
    }

    /**
     * The index of a registered SKU. Allocation free; meant for the edges (parsing), not per command.
     *
     * @param sku the SKU.
     * @return the product index, or -1 if it is not registered.
     */
    public int productIndex(final CharSequence sku)
    {
        return skus.find(sku);
    }

    /**
     * The SKU of a product (allocates a String).
     *
     * @param product product index.
     * @return the SKU.
     */
    public String sku(final int product)
    {
        requireProduct(product);
        return skus.sku(product);
    }

    /**
     * Appends the SKU of a product without creating a String.
     *
     * @param product product index.
     * @param out     where to append.
     * @return {@code out}.
     */
    public StringBuilder appendSku(final int product, final StringBuilder out)
    {
        requireProduct(product);
        final int length = skus.length(product);
        for (int i = 0; i < length; i++)
        {
            out.append(skus.charAt(product, i));
        }
        return out;
    }

    /** @return number of registered products; indices are 0..productCount()-1. */
    public int productCount()
    {
        return products.count();
    }

    /**
     * @param product product index.
     * @return own physical stock (0 for a consumer).
     */
    public long physical(final int product)
    {
        requireProduct(product);
        return products.physical(product);
    }

    /**
     * @param product product index.
     * @return open quantity held against the product's own physical stock.
     */
    public long reservedHeld(final int product)
    {
        requireProduct(product);
        return products.reservedHeld(product);
    }

    /**
     * @param product product index.
     * @return open quantity ordered through this SKU, wherever it is held.
     */
    public long reservedOrdered(final int product)
    {
        requireProduct(product);
        return products.reservedOrdered(product);
    }

    /**
     * @param product product index.
     * @return what can be reserved through this product: its holder's physical minus reservedHeld.
     */
    public long available(final int product)
    {
        requireProduct(product);
        final int holder = products.holder(product);
        return products.physical(holder) - products.reservedHeld(holder);
    }

    /**
     * @param product product index.
     * @return the source whose stock it consumes, or -1 if standalone.
     */
    public int source(final int product)
    {
        requireProduct(product);
        return products.source(product);
    }

    /**
     * @param product product index.
     * @return the product that holds the stock it sells: its source if linked, else itself.
     */
    public int holder(final int product)
    {
        requireProduct(product);
        return products.holder(product);
    }

    /**
     * @param product product index.
     * @return number of products consuming its stock.
     */
    public int consumerCount(final int product)
    {
        requireProduct(product);
        return products.consumerCount(product);
    }

    /**
     * @param product product index.
     * @return moving average unit cost, in 1/10000 units.
     */
    public long averageCost(final int product)
    {
        requireProduct(product);
        return products.averageCost(product);
    }

    /** @return engine time, epoch milliseconds (starts at 0). */
    public long time()
    {
        return time;
    }

    /** @return sequence of the last movement emitted or replayed (0 before the first). */
    public long sequence()
    {
        return sequence;
    }

    /** @return the retention of closed reservation ids, in milliseconds of engine time. */
    public long retentionMillis()
    {
        return retentionMillis;
    }

    /** @return number of open reservations. */
    public int openReservationCount()
    {
        return reservations.openCount();
    }

    /** @return number of closed reservations still remembered for duplicate detection. */
    public int retainedReservationCount()
    {
        return reservations.retainedCount();
    }

    /**
     * The state of a reservation as the engine would answer a commit or release of it.
     *
     * @param reservationId the id.
     * @return OK if open, RESERVATION_CLOSED, RESERVATION_EXPIRED, or UNKNOWN_RESERVATION.
     */
    public Result reservationState(final long reservationId)
    {
        return openState(reservationId > 0 ? reservations.find(reservationId) : -1);
    }

    /**
     * Everything the engine knows of a reservation id, without allocating: what
     * {@link #reservationState(long)} answers, plus the deadline and, for an open reservation, its lines.
     *
     * @param reservationId the id.
     * @param status        filled in.
     * @return {@code status}.
     */
    public ReservationStatus reservation(final long reservationId, final ReservationStatus status)
    {
        final int slot = reservationId > 0 ? reservations.find(reservationId) : -1;
        if (slot < 0)
        {
            status.reset(reservationId, ReservationState.UNKNOWN, ReservationStatus.NO_DEADLINE,
                ReservationStatus.NO_DEADLINE);
            return status;
        }
        final byte state = reservations.state(slot);
        if (state != ReservationStore.OPEN)
        {
            status.reset(reservationId,
                state == ReservationStore.EXPIRED ? ReservationState.EXPIRED : ReservationState.CLOSED,
                ReservationStatus.NO_DEADLINE, reservations.deadline(slot));
            return status;
        }
        status.reset(reservationId, ReservationState.OPEN, reservations.deadline(slot), ReservationStatus.NO_DEADLINE);
        final int start = reservations.lineStart(slot);
        for (int l = start, end = start + reservations.lineCount(slot); l < end; l++)
        {
            status.addLine(reservations.ordered(l), reservations.holder(l), reservations.remaining(l));
        }
        return status;
    }

    /**
     * Open quantity of one line of an open reservation.
     *
     * @param reservationId the id.
     * @param product       the product ordered on the line.
     * @return what is left to commit or release on the line, or -1 if there is no such open line.
     */
    public long openQuantity(final long reservationId, final int product)
    {
        final int slot = reservationId > 0 ? reservations.find(reservationId) : -1;
        if (slot < 0 || reservations.state(slot) != ReservationStore.OPEN)
        {
            return -1;
        }
        final int line = findLine(reservations.lineStart(slot), reservations.lineCount(slot), product);
        return line < 0 ? -1 : reservations.remaining(line);
    }

    /**
     * Bytes held by the engine's tables (arrays as allocated, not object headers), for the memory budget.
     *
     * @return product-side and reservation-side bytes: {@code [products, skus, reservations]}.
     */
    public long[] footprintBytes()
    {
        return new long[]{ products.footprintBytes(), skus.footprintBytes(), reservations.footprintBytes() };
    }

    /**
     * A 64-bit hash of the whole logical state: time, sequence, every product, every open and every
     * remembered closed reservation. Independent of table layout, so a replayed engine has the same
     * hash as the engine that produced the movements. O(products + reservation lines).
     *
     * @return the hash.
     */
    public long stateHash()
    {
        return audit.stateHash();
    }

    /**
     * Checks every invariant of the state; O(products + reservation lines) and allocating, for tests and
     * the journal's verify command.
     *
     * @return null if all hold, else a description of the first violation found.
     */
    public String checkInvariants()
    {
        return audit.checkInvariants();
    }

    /** @return the answer to a commit or release of the reservation in {@code slot} (-1 if unknown). */
    final Result openState(final int slot)
    {
        if (slot < 0)
        {
            return Result.UNKNOWN_RESERVATION;
        }
        switch (reservations.state(slot))
        {
            case ReservationStore.OPEN:
                return Result.OK;
            case ReservationStore.EXPIRED:
                return Result.RESERVATION_EXPIRED;
            default:
                return Result.RESERVATION_CLOSED;
        }
    }

    /** @return the line of an open reservation that orders {@code product}, or -1. */
    final int findLine(final int start, final int lineCount, final int product)
    {
        for (int l = start; l < start + lineCount; l++)
        {
            if (reservations.ordered(l) == product)
            {
                return l;
            }
        }
        return -1;
    }

    final void requireProduct(final int product)
    {
        if (!products.contains(product))
        {
            throw new IndexOutOfBoundsException("no product with index " + product + "; " + products.count() +
                " registered");
        }
    }
}
