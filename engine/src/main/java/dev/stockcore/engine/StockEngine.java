package dev.stockcore.engine;

import dev.stockcore.engine.movement.MovementBatchWriter;
import dev.stockcore.engine.movement.MovementKind;
import org.agrona.DirectBuffer;

import static dev.stockcore.engine.EngineLimits.*;
import static dev.stockcore.engine.ReservationStore.NO_DEADLINE;

/**
 * The stock reservation state machine: products, shared-stock links and reservations, applied by one
 * thread, in O(lines) per command and without allocating once its tables are sized.
 * <p>
 * Every command returns a {@link Result}; an accepted command that changes state hands its movements
 * to the {@link MovementListener} as one batch, with gap-free sequence numbers. Time is an input
 * ({@link #advanceTime(long)}); the engine never reads a clock, so a replay of its movements
 * ({@link #applyBatch(DirectBuffer, int)}) rebuilds exactly the same state.
 * <p>
 * Per product (indexed by the dense index given at registration) the engine keeps physical stock, what is
 * reserved against it and through it, its average cost and its link, in a {@link ProductTable}, plus the
 * SKU in the {@link SkuTable}. The holder of a product is its source if linked, else itself, and
 * {@code available(p) = physical[holder] - reservedHeld[holder]}. The engine keeps
 * {@code 0 <= reservedHeld <= physical} for every product.
 * <p>
 * Replay, snapshots and the audit (hash and invariants) live beside it in {@link MovementReplayer},
 * {@link EngineSnapshot} and {@link EngineAudit}, reading and writing the same tables.
 * <p>
 * Not thread safe: exactly one thread calls the commands (the single writer). Queries from other
 * threads need a published view (the runtime's job).
 */
public final class StockEngine
{
    private final ReservationStore reservations;
    private final SkuTable skus;
    private final ProductTable products;
    private final MovementReplayer replayer;
    private final EngineSnapshot snapshot;
    private final EngineAudit audit;
    private final long retentionMillis;
    private final MovementBatchWriter batch = new MovementBatchWriter();
    private MovementListener listener;

    private long time;
    private long sequence;
    private Throwable failure;

    private final int[] mergedProduct = new int[MAX_LINES];
    private final long[] mergedQuantity = new long[MAX_LINES];
    private final int[] mergedLine = new int[MAX_LINES];
    private int mergedCount;

    /**
     * An engine with default capacities and the default retention of closed reservations (24 h).
     *
     * @param listener receives the movements of every accepted command.
     */
    public StockEngine(final MovementListener listener)
    {
        this(listener, 1024, 4096, DEFAULT_RETENTION_MILLIS);
    }

    /**
     * An engine sized for an expected catalogue and number of open reservations; tables grow by
     * doubling beyond the hints.
     *
     * @param listener            receives the movements of every accepted command.
     * @param productCapacity     expected number of products.
     * @param reservationCapacity expected number of open plus retained reservations.
     * @param retentionMillis     how long a closed reservation id is remembered, in engine time (&gt;= 1).
     */
    public StockEngine(
        final MovementListener listener,
        final int productCapacity,
        final int reservationCapacity,
        final long retentionMillis)
    {
        if (retentionMillis < 1)
        {
            throw new IllegalArgumentException("retentionMillis must be >= 1: " + retentionMillis);
        }
        this.listener = listener == null ? MovementListener.NONE : listener;
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
     * Replaces the movement listener, for instance once a journal is opened after recovery.
     *
     * @param listener the new listener, or null for none.
     * @return this.
     */
    public StockEngine movementListener(final MovementListener listener)
    {
        this.listener = listener == null ? MovementListener.NONE : listener;
        return this;
    }

    // ---------------------------------------------------------------------------------------------
    // Commands
    // ---------------------------------------------------------------------------------------------

    /**
     * Registers a product. Its index is the number of products registered before it.
     *
     * @param sku 1..64 characters of {@code [A-Za-z0-9._-]}.
     * @return OK, INVALID_COMMAND or DUPLICATE_PRODUCT.
     */
    public Result addProduct(final CharSequence sku)
    {
        checkNotFailed();
        if (sku == null || !isValidSku(sku))
        {
            return Result.INVALID_COMMAND;
        }
        if (skus.find(sku) >= 0)
        {
            return Result.DUPLICATE_PRODUCT;
        }
        if (products.count() == MAX_PRODUCTS)
        {
            throw new IllegalStateException("product capacity exhausted: " + MAX_PRODUCTS + " products registered");
        }
        final int product = skus.add(sku);
        products.add(product);
        batch.reset();
        batch.append(++sequence, time, MovementKind.PRODUCT_ADDED, 0, product, product, 0, 0, 0, sku.length(), 0, 0);
        batch.appendSku(sku);
        publish();
        return Result.OK;
    }

    /**
     * Inventory adjustment: moves physical stock by a signed delta.
     *
     * @param product  product index.
     * @param delta    non-zero, |delta| &lt;= 10^12.
     * @param unitCost unit cost of an increase in 1/10000 units, or {@link EngineLimits#NO_COST}.
     * @return OK, INVALID_COMMAND (negative cost), INVALID_QUANTITY, UNKNOWN_PRODUCT, CONSUMER_STOCK_LOCKED or
     * INSUFFICIENT_STOCK (below zero or below what is reserved).
     */
    public Result adjust(final int product, final long delta, final long unitCost)
    {
        checkNotFailed();
        if (unitCost < 0 && unitCost != NO_COST)
        {
            return Result.INVALID_COMMAND;
        }
        if (delta == 0 || delta > MAX_ADJUST_DELTA || delta < -MAX_ADJUST_DELTA)
        {
            return Result.INVALID_QUANTITY;
        }
        final Result check = checkStockMovable(product);
        if (check != Result.OK)
        {
            return check;
        }
        final long after = products.physical(product) + delta;
        if (after > MAX_PHYSICAL)
        {
            return Result.INVALID_QUANTITY;
        }
        if (after < products.reservedHeld(product))
        {
            return Result.INSUFFICIENT_STOCK;
        }
        moveStock(product, MovementKind.ADJUSTED, delta, unitCost);
        return Result.OK;
    }

    /**
     * Inventory count: sets physical stock to an absolute quantity. A count equal to the current
     * quantity is OK and emits no movement.
     *
     * @param product  product index.
     * @param quantity 0..10^12.
     * @param unitCost unit cost of any increase in 1/10000 units, or {@link EngineLimits#NO_COST}.
     * @return OK, INVALID_COMMAND (negative cost), INVALID_QUANTITY, UNKNOWN_PRODUCT, CONSUMER_STOCK_LOCKED or
     * INSUFFICIENT_STOCK (below what is reserved).
     */
    public Result count(final int product, final long quantity, final long unitCost)
    {
        checkNotFailed();
        if (unitCost < 0 && unitCost != NO_COST)
        {
            return Result.INVALID_COMMAND;
        }
        if (quantity < 0 || quantity > MAX_COUNT)
        {
            return Result.INVALID_QUANTITY;
        }
        final Result check = checkStockMovable(product);
        if (check != Result.OK)
        {
            return check;
        }
        if (quantity < products.reservedHeld(product))
        {
            return Result.INSUFFICIENT_STOCK;
        }
        if (quantity != products.physical(product))
        {
            moveStock(product, MovementKind.COUNTED, quantity - products.physical(product), unitCost);
        }
        return Result.OK;
    }

    /**
     * Shares the stock of {@code sourceProduct} with {@code consumer}: the consumer's stock becomes virtual.
     *
     * @param consumer      product that will consume.
     * @param sourceProduct product that holds the physical stock.
     * @return OK, UNKNOWN_PRODUCT (consumer, then source), SELF_LINK, ALREADY_LINKED, CONSUMER_IS_SOURCE,
     * SOURCE_IS_CONSUMER or CONSUMER_HAS_STOCK, the first that applies in this order.
     */
    public Result link(final int consumer, final int sourceProduct)
    {
        checkNotFailed();
        if (!products.contains(consumer) || !products.contains(sourceProduct))
        {
            return Result.UNKNOWN_PRODUCT;
        }
        if (consumer == sourceProduct)
        {
            return Result.SELF_LINK;
        }
        if (products.source(consumer) >= 0)
        {
            return Result.ALREADY_LINKED;
        }
        if (products.consumerCount(consumer) > 0)
        {
            return Result.CONSUMER_IS_SOURCE;
        }
        if (products.source(sourceProduct) >= 0)
        {
            return Result.SOURCE_IS_CONSUMER;
        }
        if (products.physical(consumer) != 0 || products.reservedHeld(consumer) != 0)
        {
            return Result.CONSUMER_HAS_STOCK;
        }
        products.source(consumer, sourceProduct);
        final int consumers = products.addConsumers(sourceProduct, 1);
        batch.reset();
        batch.append(++sequence, time, MovementKind.LINKED, 0, consumer, sourceProduct, 0, 0, 0, consumers,
            products.physical(sourceProduct), products.reservedHeld(sourceProduct));
        publish();
        return Result.OK;
    }

    /**
     * Returns a consumer to standalone behaviour. Reservations made through it stay held against the
     * old source until committed, released or expired.
     *
     * @param consumer product index.
     * @return OK, UNKNOWN_PRODUCT or NOT_LINKED.
     */
    public Result unlink(final int consumer)
    {
        checkNotFailed();
        if (!products.contains(consumer))
        {
            return Result.UNKNOWN_PRODUCT;
        }
        final int oldSource = products.source(consumer);
        if (oldSource < 0)
        {
            return Result.NOT_LINKED;
        }
        products.source(consumer, -1);
        final int consumers = products.addConsumers(oldSource, -1);
        batch.reset();
        batch.append(++sequence, time, MovementKind.UNLINKED, 0, consumer, oldSource, 0, 0, 0, consumers,
            products.physical(oldSource), products.reservedHeld(oldSource));
        publish();
        return Result.OK;
    }

    /**
     * Moves engine time forward: forgets closed reservations whose retention has passed, emits a
     * TIME_ADVANCED batch (carrying the retention in force, so a replay forgets the same ids whatever its
     * own setting), then expires every reservation whose deadline has come, one batch per reservation so
     * that no batch outgrows the 64-line bound. After a crash between those batches, recovery completes
     * the time advance with {@link #expirePending()}.
     *
     * @param now epoch milliseconds, not before the current engine time.
     * @return OK, or INVALID_COMMAND if {@code now} is before the current time.
     */
    public Result advanceTime(final long now)
    {
        checkNotFailed();
        if (now < time)
        {
            return Result.INVALID_COMMAND;
        }
        if (now > time)
        {
            final long previous = time;
            time = now;
            reservations.forgetRetained(now, retentionMillis);
            batch.reset();
            batch.append(++sequence, now, MovementKind.TIME_ADVANCED, 0, -1, -1, 0, 0, retentionMillis, previous, 0, 0);
            publish();
            expireDue();
        }
        return Result.OK;
    }

    /**
     * Reserves stock for an order, all or nothing. Lines of the same product are merged; quantities are
     * summed per holder (a consumer and its source in one order both draw on the source).
     *
     * @param reservationId positive id chosen by the caller.
     * @param ttlMillis     time to live, 1..10^12 ms, or {@link EngineLimits#NO_TTL} to never expire.
     * @param lines         1..64 lines of quantity 1..10^9.
     * @return OK, INVALID_COMMAND, INVALID_QUANTITY, UNKNOWN_PRODUCT, DUPLICATE_RESERVATION or
     * INSUFFICIENT_STOCK, the first that applies in this order.
     */
    public Result reserve(final long reservationId, final long ttlMillis, final OrderLines lines)
    {
        checkNotFailed();
        final int n = lines.count();
        if (reservationId <= 0 || n < 1 || n > MAX_LINES)
        {
            return Result.INVALID_COMMAND;
        }
        if (ttlMillis < 0 || ttlMillis > MAX_TTL_MILLIS || !quantitiesInRange(lines))
        {
            return Result.INVALID_QUANTITY;
        }
        for (int i = 0; i < n; i++)
        {
            if (!products.contains(lines.product(i)))
            {
                return Result.UNKNOWN_PRODUCT;
            }
        }
        if (reservations.find(reservationId) >= 0)
        {
            return Result.DUPLICATE_RESERVATION;
        }
        merge(lines);
        if (!holdersCanCover())
        {
            return Result.INSUFFICIENT_STOCK;
        }

        final int lineCount = mergedCount;
        // A deadline past Long.MAX_VALUE can never be reached by engine time: no deadline at all.
        final long deadline = ttlMillis == NO_TTL || time > Long.MAX_VALUE - ttlMillis ? NO_DEADLINE : time + ttlMillis;
        final int slot = reservations.open(reservationId, lineCount, deadline);
        batch.reset();
        for (int i = 0; i < lineCount; i++)
        {
            final int ordered = mergedProduct[i];
            final int holder = products.holder(ordered);
            final long quantity = mergedQuantity[i];
            reservations.setLine(slot, i, ordered, holder, quantity);
            products.addReservedHeld(holder, quantity);
            products.addReservedOrdered(ordered, quantity);
            batch.append(++sequence, time, MovementKind.RESERVED, reservationId, ordered, holder, i, lineCount,
                quantity, deadline, products.physical(holder), products.reservedHeld(holder));
        }
        publish();
        return Result.OK;
    }

    /**
     * Commits (invoices) a reservation: every remaining quantity, or the given quantities of given lines.
     * The holder's physical stock goes down; it never comes back.
     *
     * @param reservationId the reservation.
     * @param lines         empty to commit everything left; else lines naming the ordered product and a
     *                      quantity 1..10^9 (the same product twice is merged). Product -1 never matches.
     * @return OK, INVALID_COMMAND, INVALID_QUANTITY, UNKNOWN_RESERVATION, RESERVATION_EXPIRED,
     * RESERVATION_CLOSED, LINE_NOT_FOUND or INVALID_QUANTITY (more than is left on a line), in this order.
     */
    public Result commit(final long reservationId, final OrderLines lines)
    {
        checkNotFailed();
        final int n = lines.count();
        if (reservationId <= 0 || n > MAX_LINES)
        {
            return Result.INVALID_COMMAND;
        }
        if (!quantitiesInRange(lines))
        {
            return Result.INVALID_QUANTITY;
        }
        final int slot = reservations.find(reservationId);
        final Result open = openState(slot);
        if (open != Result.OK)
        {
            return open;
        }
        final int start = reservations.lineStart(slot);
        final int lineCount = reservations.lineCount(slot);
        batch.reset();
        if (n == 0)
        {
            for (int l = start; l < start + lineCount; l++)
            {
                final long remaining = reservations.remaining(l);
                if (remaining > 0)
                {
                    commitLine(reservationId, l, l - start, lineCount, remaining);
                }
            }
        }
        else
        {
            merge(lines);
            for (int i = 0; i < mergedCount; i++)
            {
                mergedLine[i] = findLine(start, lineCount, mergedProduct[i]);
                if (mergedLine[i] < 0)
                {
                    return Result.LINE_NOT_FOUND;
                }
            }
            for (int i = 0; i < mergedCount; i++)
            {
                if (mergedQuantity[i] > reservations.remaining(mergedLine[i]))
                {
                    return Result.INVALID_QUANTITY;
                }
            }
            for (int i = 0; i < mergedCount; i++)
            {
                commitLine(reservationId, mergedLine[i], mergedLine[i] - start, lineCount, mergedQuantity[i]);
            }
        }
        closeIfEmpty(slot, ReservationStore.CLOSED);
        publish();
        return Result.OK;
    }

    /**
     * Releases (cancels) a reservation: every remaining quantity becomes available again. A second
     * release is RESERVATION_CLOSED and restores nothing.
     *
     * @param reservationId the reservation.
     * @return OK, INVALID_COMMAND, UNKNOWN_RESERVATION, RESERVATION_EXPIRED or RESERVATION_CLOSED.
     */
    public Result release(final long reservationId)
    {
        checkNotFailed();
        if (reservationId <= 0)
        {
            return Result.INVALID_COMMAND;
        }
        final int slot = reservations.find(reservationId);
        final Result open = openState(slot);
        if (open != Result.OK)
        {
            return open;
        }
        returnRemaining(slot, MovementKind.RELEASED);
        reservations.close(slot, ReservationStore.CLOSED, time);
        publish();
        return Result.OK;
    }

    /**
     * Expires every open reservation whose deadline is at or before the current engine time, one batch
     * each. {@link #advanceTime(long)} does this itself; call this once after recovering from a journal,
     * to complete a time advance that a crash interrupted between its batches.
     *
     * @return the number of reservations expired.
     */
    public int expirePending()
    {
        checkNotFailed();
        return expireDue();
    }

    /**
     * Whether the movement listener has thrown; a failed engine refuses every command.
     *
     * @return true if failed.
     */
    public boolean isFailed()
    {
        return failure != null;
    }

    // ---------------------------------------------------------------------------------------------
    // Replay
    // ---------------------------------------------------------------------------------------------

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

    // ---------------------------------------------------------------------------------------------
    // Snapshots
    // ---------------------------------------------------------------------------------------------

    /** Version of the layout {@link #takeSnapshot(SnapshotSink)} writes, checked by {@link #loadSnapshot}. */
    public static final int SNAPSHOT_VERSION = 1;

    /**
     * Streams the whole state (products, open reservations, remembered closed reservations, time and
     * sequence) to a sink, between commands, in a layout of version {@link #SNAPSHOT_VERSION} that
     * {@link #loadSnapshot(SnapshotSource)} reads back.
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

    // ---------------------------------------------------------------------------------------------
    // Queries (writer thread, or any thread once the writer has stopped)
    // ---------------------------------------------------------------------------------------------

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
     * @return what can be reserved through this product: its holder's physical minus reserved.
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

    // ---------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------

    private int expireDue()
    {
        int expired = 0;
        int slot;
        while ((slot = reservations.dueSlot(time)) >= 0)
        {
            returnRemaining(slot, MovementKind.EXPIRED);
            reservations.close(slot, ReservationStore.EXPIRED, time);
            publish();
            expired++;
        }
        return expired;
    }

    private void returnRemaining(final int slot, final MovementKind kind)
    {
        final long reservationId = reservations.id(slot);
        final int start = reservations.lineStart(slot);
        final int lineCount = reservations.lineCount(slot);
        batch.reset();
        for (int l = start; l < start + lineCount; l++)
        {
            final long remaining = reservations.remaining(l);
            if (remaining > 0)
            {
                final int ordered = reservations.ordered(l);
                final int holder = reservations.holder(l);
                reservations.remaining(l, 0);
                products.addReservedHeld(holder, -remaining);
                products.addReservedOrdered(ordered, -remaining);
                batch.append(++sequence, time, kind, reservationId, ordered, holder, l - start, lineCount,
                    remaining, 0, products.physical(holder), products.reservedHeld(holder));
            }
        }
    }

    private void commitLine(
        final long reservationId, final int line, final int lineIndex, final int lineCount, final long quantity)
    {
        final int ordered = reservations.ordered(line);
        final int holder = reservations.holder(line);
        final long left = reservations.remaining(line) - quantity;
        reservations.remaining(line, left);
        products.addPhysical(holder, -quantity);
        products.addReservedHeld(holder, -quantity);
        products.addReservedOrdered(ordered, -quantity);
        batch.append(++sequence, time, MovementKind.COMMITTED, reservationId, ordered, holder, lineIndex, lineCount,
            quantity, left, products.physical(holder), products.reservedHeld(holder));
    }

    private void closeIfEmpty(final int slot, final byte closedState)
    {
        if (reservations.openQuantity(slot) == 0)
        {
            reservations.close(slot, closedState, time);
        }
    }

    private void moveStock(final int product, final MovementKind kind, final long delta, final long unitCost)
    {
        final long before = products.physical(product);
        if (delta > 0 && unitCost != NO_COST)
        {
            products.averageCost(product, AverageCost.afterIncrease(products.averageCost(product), before, unitCost, delta));
        }
        products.physical(product, before + delta);
        batch.reset();
        batch.append(++sequence, time, kind, 0, product, product, 0, 0, delta, products.averageCost(product),
            products.physical(product), products.reservedHeld(product));
        publish();
    }

    private Result checkStockMovable(final int product)
    {
        if (!products.contains(product))
        {
            return Result.UNKNOWN_PRODUCT;
        }
        if (products.source(product) >= 0)
        {
            return Result.CONSUMER_STOCK_LOCKED;
        }
        return Result.OK;
    }

    private Result openState(final int slot)
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

    private static boolean quantitiesInRange(final OrderLines lines)
    {
        for (int i = 0, n = lines.count(); i < n; i++)
        {
            final long quantity = lines.quantity(i);
            if (quantity < 1 || quantity > MAX_LINE_QUANTITY)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Merges lines of the same product into the scratch arrays, in order of first appearance.
     * O(n^2) on at most 64 lines beats any per-product scratch table in memory and in cache.
     */
    private void merge(final OrderLines lines)
    {
        int m = 0;
        for (int i = 0, n = lines.count(); i < n; i++)
        {
            final int product = lines.product(i);
            int j = 0;
            while (j < m && mergedProduct[j] != product)
            {
                j++;
            }
            if (j == m)
            {
                mergedProduct[m] = product;
                mergedQuantity[m] = lines.quantity(i);
                m++;
            }
            else
            {
                mergedQuantity[j] += lines.quantity(i);
            }
        }
        mergedCount = m;
    }

    private boolean holdersCanCover()
    {
        final int m = mergedCount;
        for (int i = 0; i < m; i++)
        {
            final int holder = products.holder(mergedProduct[i]);
            boolean seen = false;
            for (int j = 0; j < i && !seen; j++)
            {
                seen = products.holder(mergedProduct[j]) == holder;
            }
            if (seen)
            {
                continue;
            }
            long demand = mergedQuantity[i];
            for (int j = i + 1; j < m; j++)
            {
                if (products.holder(mergedProduct[j]) == holder)
                {
                    demand += mergedQuantity[j];
                }
            }
            if (products.physical(holder) - products.reservedHeld(holder) < demand)
            {
                return false;
            }
        }
        return true;
    }

    private int findLine(final int start, final int lineCount, final int product)
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

    private void requireProduct(final int product)
    {
        if (!products.contains(product))
        {
            throw new IndexOutOfBoundsException("no product with index " + product + "; " + products.count() +
                " registered");
        }
    }

    /**
     * Hands the finished batch to the listener. State is complete before this is called, so if the listener
     * throws (a journal that cannot write), memory is ahead of what was stored: the engine refuses every
     * later command, and the state must be recovered from the journal.
     */
    private void publish()
    {
        final int length = batch.finish();
        try
        {
            listener.onBatch(batch.buffer(), 0, length);
        }
        catch (final RuntimeException | Error ex)
        {
            failure = ex;
            throw ex;
        }
    }

    private void checkNotFailed()
    {
        if (failure != null)
        {
            throw new IllegalStateException("engine failed: the movement listener threw " + failure +
                ", so this engine's state may be ahead of its journal; recover a new engine from the journal",
                failure);
        }
    }

}
