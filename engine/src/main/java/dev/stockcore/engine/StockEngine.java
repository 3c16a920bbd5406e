package dev.stockcore.engine;

import dev.stockcore.engine.movement.MovementBatchWriter;
import dev.stockcore.engine.movement.MovementDecoder;
import dev.stockcore.engine.movement.MovementDescriptor;
import dev.stockcore.engine.movement.MovementKind;
import org.agrona.DirectBuffer;

import java.util.Arrays;

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
 * Per product (indexed by the dense index given at registration), five longs side by side in one
 * {@code long[]}, so that a command touches one or two cache lines per product rather than one per field:
 * <pre>
 *   0  physical        own physical stock                                   8
 *   1  reservedHeld    open quantity held against own physical stock        8
 *   2  reservedOrdered open quantity ordered through this SKU               8
 *   3  averageCost     moving average unit cost, 4 decimals                 8
 *   4  link            source (high int, -1 if none) | consumerCount (low)  8
 *                                                                         --
 *                                                                         40 bytes
 * </pre>
 * plus the SKU in the {@link SkuTable}. The holder of a product is its source if linked, else itself,
 * and {@code available(p) = physical[holder] - reservedHeld[holder]}. The engine keeps
 * {@code 0 <= reservedHeld <= physical} for every product.
 * <p>
 * Not thread safe: exactly one thread calls the commands (the single writer). Queries from other
 * threads need a published view (the runtime's job).
 */
public final class StockEngine
{
    private final ReservationStore reservations;
    private final SkuTable skus;
    private final long retentionMillis;
    private final MovementBatchWriter batch = new MovementBatchWriter();
    private final MovementDecoder replayDecoder = new MovementDecoder();
    private MovementListener listener;

    private static final int PHYSICAL = 0;
    private static final int RESERVED_HELD = 1;
    private static final int RESERVED_ORDERED = 2;
    private static final int AVERAGE_COST = 3;
    private static final int LINK = 4;
    private static final int STRIDE = 5;

    /** Per-product state, interleaved: {@code STRIDE} longs per product (see the class comment). */
    private long[] state;
    private int productCount;

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
        state = new long[capacity * STRIDE];
        skus = new SkuTable(capacity);
        reservations = new ReservationStore(reservationCapacity);
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
        if (productCount == MAX_PRODUCTS)
        {
            throw new IllegalStateException("product capacity exhausted: " + MAX_PRODUCTS + " products registered");
        }
        final int product = skus.add(sku);
        initProduct(product);
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
        final long after = state[product * STRIDE + PHYSICAL] + delta;
        if (after > MAX_PHYSICAL)
        {
            return Result.INVALID_QUANTITY;
        }
        if (after < state[product * STRIDE + RESERVED_HELD])
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
        if (quantity < state[product * STRIDE + RESERVED_HELD])
        {
            return Result.INSUFFICIENT_STOCK;
        }
        if (quantity != state[product * STRIDE + PHYSICAL])
        {
            moveStock(product, MovementKind.COUNTED, quantity - state[product * STRIDE + PHYSICAL], unitCost);
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
        if (!isProduct(consumer) || !isProduct(sourceProduct))
        {
            return Result.UNKNOWN_PRODUCT;
        }
        if (consumer == sourceProduct)
        {
            return Result.SELF_LINK;
        }
        if (sourceOf(consumer) >= 0)
        {
            return Result.ALREADY_LINKED;
        }
        if (consumerCountOf(consumer) > 0)
        {
            return Result.CONSUMER_IS_SOURCE;
        }
        if (sourceOf(sourceProduct) >= 0)
        {
            return Result.SOURCE_IS_CONSUMER;
        }
        if (state[consumer * STRIDE + PHYSICAL] != 0 || state[consumer * STRIDE + RESERVED_HELD] != 0)
        {
            return Result.CONSUMER_HAS_STOCK;
        }
        setSource(consumer, sourceProduct);
        final int consumers = addConsumers(sourceProduct, 1);
        batch.reset();
        batch.append(++sequence, time, MovementKind.LINKED, 0, consumer, sourceProduct, 0, 0, 0, consumers,
            state[sourceProduct * STRIDE + PHYSICAL], state[sourceProduct * STRIDE + RESERVED_HELD]);
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
        if (!isProduct(consumer))
        {
            return Result.UNKNOWN_PRODUCT;
        }
        final int oldSource = sourceOf(consumer);
        if (oldSource < 0)
        {
            return Result.NOT_LINKED;
        }
        setSource(consumer, -1);
        final int consumers = addConsumers(oldSource, -1);
        batch.reset();
        batch.append(++sequence, time, MovementKind.UNLINKED, 0, consumer, oldSource, 0, 0, 0, consumers,
            state[oldSource * STRIDE + PHYSICAL], state[oldSource * STRIDE + RESERVED_HELD]);
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
            if (!isProduct(lines.product(i)))
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
            final int holder = holderOf(ordered);
            final long quantity = mergedQuantity[i];
            reservations.setLine(slot, i, ordered, holder, quantity);
            state[holder * STRIDE + RESERVED_HELD] += quantity;
            state[ordered * STRIDE + RESERVED_ORDERED] += quantity;
            batch.append(++sequence, time, MovementKind.RESERVED, reservationId, ordered, holder, i, lineCount,
                quantity, deadline, state[holder * STRIDE + PHYSICAL], state[holder * STRIDE + RESERVED_HELD]);
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
        final MovementDecoder m = replayDecoder;
        int touchedSlot = -1;
        byte closeAs = ReservationStore.CLOSED;
        final int batchEnd = offset + buffer.getInt(offset + MovementDescriptor.BATCH_LENGTH_OFFSET);
        for (m.wrapBatch(buffer, offset); m.next(); )
        {
            if (m.offset() + MovementDescriptor.MOVEMENT_LENGTH > batchEnd ||
                m.offset() + m.encodedLength() > batchEnd)
            {
                throw new IllegalStateException("batch at sequence " + (sequence + 1) + " holds a record past its " +
                    "length; the journal is corrupt: run verify, or recover from a snapshot");
            }
            if (m.sequence() != sequence + 1)
            {
                throw new IllegalStateException(
                    "movement sequence " + m.sequence() + " does not follow engine sequence " + sequence);
            }
            final MovementKind kind = m.kind();
            if (kind == null)
            {
                throw new IllegalStateException("unknown movement kind " + m.kindCode() + " at sequence " + m.sequence());
            }
            sequence = m.sequence();
            time = m.time();
            final int ordered = m.ordered();
            final int holder = m.holder();
            switch (kind)
            {
                case PRODUCT_ADDED:
                {
                    final int product = skus.add(buffer, m.skuOffset(), m.skuLength());
                    if (product != ordered)
                    {
                        throw new IllegalStateException("product " + m.sku() + " replayed as index " + product +
                            " but was recorded as " + ordered);
                    }
                    initProduct(product);
                    break;
                }
                case TIME_ADVANCED:
                    reservations.forgetRetained(time, m.quantity() > 0 ? m.quantity() : retentionMillis);
                    break;
                case ADJUSTED:
                case COUNTED:
                    checkProduct(holder, m);
                    state[holder * STRIDE + PHYSICAL] = m.holderPhysical();
                    state[holder * STRIDE + AVERAGE_COST] = m.value();
                    break;
                case LINKED:
                    checkProduct(ordered, m);
                    checkProduct(holder, m);
                    setSource(ordered, holder);
                    setConsumerCount(holder, (int)m.value());
                    break;
                case UNLINKED:
                    checkProduct(ordered, m);
                    checkProduct(holder, m);
                    setSource(ordered, -1);
                    setConsumerCount(holder, (int)m.value());
                    break;
                case RESERVED:
                {
                    checkProduct(ordered, m);
                    checkProduct(holder, m);
                    if (m.reservationId() <= 0 || m.lineCount() < 1 || m.lineCount() > MAX_LINES)
                    {
                        throw corrupt(m, "has reservation id " + m.reservationId() + " and " + m.lineCount() + " lines");
                    }
                    int slot = reservations.find(m.reservationId());
                    if (m.line() == 0)
                    {
                        if (slot >= 0)
                        {
                            throw corrupt(m, "reserves id " + m.reservationId() + " which is already known");
                        }
                        slot = reservations.open(m.reservationId(), m.lineCount(), m.value());
                    }
                    else if (slot < 0 || reservations.state(slot) != ReservationStore.OPEN ||
                        m.line() >= reservations.lineCount(slot))
                    {
                        throw corrupt(m, "adds line " + m.line() + " to reservation " + m.reservationId() +
                            " which has no such open line");
                    }
                    reservations.setLine(slot, m.line(), ordered, holder, m.quantity());
                    state[holder * STRIDE + RESERVED_HELD] = m.holderReserved();
                    state[ordered * STRIDE + RESERVED_ORDERED] += m.quantity();
                    break;
                }
                case COMMITTED:
                case RELEASED:
                case EXPIRED:
                {
                    final int slot = m.reservationId() > 0 ? reservations.find(m.reservationId()) : -1;
                    if (slot < 0 || reservations.state(slot) != ReservationStore.OPEN ||
                        m.line() < 0 || m.line() >= reservations.lineCount(slot))
                    {
                        throw corrupt(m, "names line " + m.line() + " of reservation " + m.reservationId() +
                            " which is not open");
                    }
                    checkProduct(ordered, m);
                    checkProduct(holder, m);
                    reservations.remaining(reservations.lineStart(slot) + m.line(), m.value());
                    state[holder * STRIDE + PHYSICAL] = m.holderPhysical();
                    state[holder * STRIDE + RESERVED_HELD] = m.holderReserved();
                    state[ordered * STRIDE + RESERVED_ORDERED] -= m.quantity();
                    touchedSlot = slot;
                    closeAs = kind == MovementKind.EXPIRED ? ReservationStore.EXPIRED : ReservationStore.CLOSED;
                    break;
                }
            }
        }
        if (touchedSlot >= 0 && reservations.openQuantity(touchedSlot) == 0)
        {
            reservations.close(touchedSlot, closeAs, time);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Snapshots
    // ---------------------------------------------------------------------------------------------

    /** Version of the layout {@link #takeSnapshot(SnapshotSink)} writes. */
    public static final int SNAPSHOT_VERSION = 1;

    /**
     * Streams the whole state (products, open reservations, remembered closed reservations, time and
     * sequence) to a sink, between commands. The layout, all in {@link SnapshotSink} order:
     * <pre>
     * int version, long time, long sequence, long retention, int productCount,
     *   per product: byte skuLength, skuLength bytes, 5 longs of product state
     * int openCount,
     *   per open reservation: long id, long deadline (-1 none), int lineCount,
     *     per line: int ordered, int holder, long remaining
     * int closedCount,
     *   per remembered closed reservation, in close order: long id, byte state, long closedAt
     * </pre>
     *
     * @param sink where the state goes.
     */
    public void takeSnapshot(final SnapshotSink sink)
    {
        sink.putInt(SNAPSHOT_VERSION);
        sink.putLong(time);
        sink.putLong(sequence);
        sink.putLong(retentionMillis);
        sink.putInt(productCount);
        for (int p = 0; p < productCount; p++)
        {
            final int length = skus.length(p);
            sink.putByte((byte)length);
            for (int i = 0; i < length; i++)
            {
                sink.putByte((byte)skus.charAt(p, i));
            }
            for (int f = 0; f < STRIDE; f++)
            {
                sink.putLong(state[p * STRIDE + f]);
            }
        }
        sink.putInt(reservations.openCount());
        for (int slot = 0; slot < reservations.slotLimit(); slot++)
        {
            if (reservations.state(slot) == ReservationStore.OPEN)
            {
                final int start = reservations.lineStart(slot);
                final int lineCount = reservations.lineCount(slot);
                sink.putLong(reservations.id(slot));
                sink.putLong(reservations.deadline(slot));
                sink.putInt(lineCount);
                for (int l = start; l < start + lineCount; l++)
                {
                    sink.putInt(reservations.ordered(l));
                    sink.putInt(reservations.holder(l));
                    sink.putLong(reservations.remaining(l));
                }
            }
        }
        final int closed = reservations.retainedCount();
        sink.putInt(closed);
        for (int i = 0; i < closed; i++)
        {
            final int slot = reservations.retainedSlot(i);
            sink.putLong(reservations.id(slot));
            sink.putByte(reservations.state(slot));
            sink.putLong(reservations.deadline(slot));
        }
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
        if (productCount != 0 || sequence != 0 || reservations.slotLimit() != 0)
        {
            throw new IllegalStateException("a snapshot can only be loaded into a new engine");
        }
        final int version = source.getInt();
        if (version != SNAPSHOT_VERSION)
        {
            throw new IllegalStateException("engine snapshot version " + version + ", this build reads version " +
                SNAPSHOT_VERSION);
        }
        time = source.getLong();
        sequence = source.getLong();
        source.getLong();
        final int products = source.getInt();
        final StringBuilder sku = new StringBuilder(MAX_SKU_LENGTH);
        for (int p = 0; p < products; p++)
        {
            sku.setLength(0);
            final int length = source.getByte();
            for (int i = 0; i < length; i++)
            {
                sku.append((char)source.getByte());
            }
            if (!isValidSku(sku) || skus.find(sku) >= 0)
            {
                throw new IllegalStateException("snapshot product " + p + " has a bad or repeated SKU '" + sku + "'");
            }
            initProduct(skus.add(sku));
            for (int f = 0; f < STRIDE; f++)
            {
                state[p * STRIDE + f] = source.getLong();
            }
        }
        final int open = source.getInt();
        for (int r = 0; r < open; r++)
        {
            final long id = source.getLong();
            final long deadline = source.getLong();
            final int lineCount = source.getInt();
            if (lineCount < 1 || lineCount > MAX_LINES)
            {
                throw new IllegalStateException("snapshot reservation " + id + " has " + lineCount + " lines");
            }
            final int slot = reservations.open(id, lineCount, deadline);
            for (int l = 0; l < lineCount; l++)
            {
                final int ordered = source.getInt();
                final int holder = source.getInt();
                reservations.setLine(slot, l, ordered, holder, source.getLong());
            }
        }
        final int closed = source.getInt();
        for (int r = 0; r < closed; r++)
        {
            final long id = source.getLong();
            final byte closedState = source.getByte();
            final long closedAt = source.getLong();
            reservations.close(reservations.open(id, 1, NO_DEADLINE), closedState, closedAt);
        }
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
        return productCount;
    }

    /**
     * @param product product index.
     * @return own physical stock (0 for a consumer).
     */
    public long physical(final int product)
    {
        requireProduct(product);
        return state[product * STRIDE + PHYSICAL];
    }

    /**
     * @param product product index.
     * @return open quantity held against the product's own physical stock.
     */
    public long reservedHeld(final int product)
    {
        requireProduct(product);
        return state[product * STRIDE + RESERVED_HELD];
    }

    /**
     * @param product product index.
     * @return open quantity ordered through this SKU, wherever it is held.
     */
    public long reservedOrdered(final int product)
    {
        requireProduct(product);
        return state[product * STRIDE + RESERVED_ORDERED];
    }

    /**
     * @param product product index.
     * @return what can be reserved through this product: its holder's physical minus reserved.
     */
    public long available(final int product)
    {
        requireProduct(product);
        final int holder = holderOf(product);
        return state[holder * STRIDE + PHYSICAL] - state[holder * STRIDE + RESERVED_HELD];
    }

    /**
     * @param product product index.
     * @return the source whose stock it consumes, or -1 if standalone.
     */
    public int source(final int product)
    {
        requireProduct(product);
        return sourceOf(product);
    }

    /**
     * @param product product index.
     * @return the product that holds the stock it sells: its source if linked, else itself.
     */
    public int holder(final int product)
    {
        requireProduct(product);
        return holderOf(product);
    }

    /**
     * @param product product index.
     * @return number of products consuming its stock.
     */
    public int consumerCount(final int product)
    {
        requireProduct(product);
        return consumerCountOf(product);
    }

    /**
     * @param product product index.
     * @return moving average unit cost, in 1/10000 units.
     */
    public long averageCost(final int product)
    {
        requireProduct(product);
        return state[product * STRIDE + AVERAGE_COST];
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
        return new long[]{ 8L * state.length, skus.footprintBytes(), reservations.footprintBytes() };
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
        long hash = mix(time) * 31 + mix(sequence);
        hash = hash * 31 + productCount;
        for (int p = 0; p < productCount; p++)
        {
            long h = skus.hash(p);
            h = h * 31 + state[p * STRIDE + PHYSICAL];
            h = h * 31 + state[p * STRIDE + RESERVED_HELD];
            h = h * 31 + state[p * STRIDE + RESERVED_ORDERED];
            h = h * 31 + state[p * STRIDE + AVERAGE_COST];
            h = h * 31 + sourceOf(p);
            h = h * 31 + consumerCountOf(p);
            hash = hash * 31 + mix(h);
        }
        long reservationSum = 0;
        final int limit = reservations.slotLimit();
        for (int slot = 0; slot < limit; slot++)
        {
            final byte slotState = reservations.state(slot);
            if (slotState == ReservationStore.FREE)
            {
                continue;
            }
            long h = mix(reservations.id(slot)) * 31 + slotState;
            h = h * 31 + reservations.deadline(slot);
            if (slotState == ReservationStore.OPEN)
            {
                final int start = reservations.lineStart(slot);
                for (int l = start; l < start + reservations.lineCount(slot); l++)
                {
                    h = h * 31 + reservations.ordered(l);
                    h = h * 31 + reservations.holder(l);
                    h = h * 31 + reservations.remaining(l);
                }
            }
            reservationSum += mix(h);
        }
        return mix(hash * 31 + reservationSum);
    }

    /**
     * Checks every invariant of the state; O(products + reservation lines) and allocating, for tests and
     * the journal's verify command.
     *
     * @return null if all hold, else a description of the first violation found.
     */
    public String checkInvariants()
    {
        final long[] heldByLines = new long[productCount];
        final long[] orderedByLines = new long[productCount];
        final int[] consumers = new int[productCount];
        int open = 0;
        for (int slot = 0; slot < reservations.slotLimit(); slot++)
        {
            if (reservations.state(slot) != ReservationStore.OPEN)
            {
                continue;
            }
            open++;
            final int start = reservations.lineStart(slot);
            long total = 0;
            for (int l = start; l < start + reservations.lineCount(slot); l++)
            {
                final long remaining = reservations.remaining(l);
                if (remaining < 0)
                {
                    return "reservation " + reservations.id(slot) + " has a negative line";
                }
                total += remaining;
                heldByLines[reservations.holder(l)] += remaining;
                orderedByLines[reservations.ordered(l)] += remaining;
            }
            if (total == 0)
            {
                return "reservation " + reservations.id(slot) + " is open with nothing left";
            }
        }
        if (open != reservations.openCount())
        {
            return "open reservation count " + reservations.openCount() + " but " + open + " open slots";
        }
        for (int p = 0; p < productCount; p++)
        {
            if (sourceOf(p) >= 0)
            {
                consumers[sourceOf(p)]++;
            }
        }
        for (int p = 0; p < productCount; p++)
        {
            final String sku = skus.sku(p);
            if (state[p * STRIDE + RESERVED_HELD] < 0 || state[p * STRIDE + RESERVED_HELD] > state[p * STRIDE + PHYSICAL])
            {
                return sku + ": reservedHeld " + state[p * STRIDE + RESERVED_HELD] + " outside 0.." + state[p * STRIDE + PHYSICAL];
            }
            if (state[p * STRIDE + RESERVED_HELD] != heldByLines[p])
            {
                return sku + ": reservedHeld " + state[p * STRIDE + RESERVED_HELD] + " but open lines hold " + heldByLines[p];
            }
            if (state[p * STRIDE + RESERVED_ORDERED] != orderedByLines[p])
            {
                return sku + ": reservedOrdered " + state[p * STRIDE + RESERVED_ORDERED] + " but open lines order " + orderedByLines[p];
            }
            if (consumers[p] != consumerCountOf(p))
            {
                return sku + ": consumerCount " + consumerCountOf(p) + " but " + consumers[p] + " consumers";
            }
            if (sourceOf(p) >= 0)
            {
                if (state[p * STRIDE + PHYSICAL] != 0)
                {
                    return sku + ": consumer with physical stock " + state[p * STRIDE + PHYSICAL];
                }
                if (sourceOf(sourceOf(p)) >= 0)
                {
                    return sku + ": chain through " + skus.sku(sourceOf(p));
                }
                if (consumerCountOf(p) != 0)
                {
                    return sku + ": consumer with consumers";
                }
            }
        }
        return null;
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
                state[holder * STRIDE + RESERVED_HELD] -= remaining;
                state[ordered * STRIDE + RESERVED_ORDERED] -= remaining;
                batch.append(++sequence, time, kind, reservationId, ordered, holder, l - start, lineCount,
                    remaining, 0, state[holder * STRIDE + PHYSICAL], state[holder * STRIDE + RESERVED_HELD]);
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
        state[holder * STRIDE + PHYSICAL] -= quantity;
        state[holder * STRIDE + RESERVED_HELD] -= quantity;
        state[ordered * STRIDE + RESERVED_ORDERED] -= quantity;
        batch.append(++sequence, time, MovementKind.COMMITTED, reservationId, ordered, holder, lineIndex, lineCount,
            quantity, left, state[holder * STRIDE + PHYSICAL], state[holder * STRIDE + RESERVED_HELD]);
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
        final long before = state[product * STRIDE + PHYSICAL];
        if (delta > 0 && unitCost != NO_COST)
        {
            state[product * STRIDE + AVERAGE_COST] = AverageCost.afterIncrease(state[product * STRIDE + AVERAGE_COST], before, unitCost, delta);
        }
        state[product * STRIDE + PHYSICAL] = before + delta;
        batch.reset();
        batch.append(++sequence, time, kind, 0, product, product, 0, 0, delta, state[product * STRIDE + AVERAGE_COST],
            state[product * STRIDE + PHYSICAL], state[product * STRIDE + RESERVED_HELD]);
        publish();
    }

    private Result checkStockMovable(final int product)
    {
        if (!isProduct(product))
        {
            return Result.UNKNOWN_PRODUCT;
        }
        if (sourceOf(product) >= 0)
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
            final int holder = holderOf(mergedProduct[i]);
            boolean seen = false;
            for (int j = 0; j < i && !seen; j++)
            {
                seen = holderOf(mergedProduct[j]) == holder;
            }
            if (seen)
            {
                continue;
            }
            long demand = mergedQuantity[i];
            for (int j = i + 1; j < m; j++)
            {
                if (holderOf(mergedProduct[j]) == holder)
                {
                    demand += mergedQuantity[j];
                }
            }
            if (state[holder * STRIDE + PHYSICAL] - state[holder * STRIDE + RESERVED_HELD] < demand)
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

    private int sourceOf(final int product)
    {
        return (int)(state[product * STRIDE + LINK] >> 32);
    }

    private void setSource(final int product, final int source)
    {
        final int i = product * STRIDE + LINK;
        state[i] = ((long)source << 32) | (state[i] & 0xFFFF_FFFFL);
    }

    private int consumerCountOf(final int product)
    {
        return (int)state[product * STRIDE + LINK];
    }

    private void setConsumerCount(final int product, final int consumers)
    {
        final int i = product * STRIDE + LINK;
        state[i] = (state[i] & 0xFFFF_FFFF_0000_0000L) | (consumers & 0xFFFF_FFFFL);
    }

    private int addConsumers(final int product, final int delta)
    {
        final int consumers = consumerCountOf(product) + delta;
        setConsumerCount(product, consumers);
        return consumers;
    }

    private int holderOf(final int product)
    {
        final int s = sourceOf(product);
        return s >= 0 ? s : product;
    }

    private boolean isProduct(final int product)
    {
        return product >= 0 && product < productCount;
    }

    private void requireProduct(final int product)
    {
        if (!isProduct(product))
        {
            throw new IndexOutOfBoundsException("no product with index " + product + "; " + productCount +
                " registered");
        }
    }

    private void checkProduct(final int product, final MovementDecoder m)
    {
        if (product < 0 || product >= productCount)
        {
            throw corrupt(m, "names product index " + product + " but " + productCount + " are registered");
        }
    }

    private static IllegalStateException corrupt(final MovementDecoder m, final String what)
    {
        return new IllegalStateException("movement " + m.kind() + " at sequence " + m.sequence() + " " + what +
            "; the journal is corrupt or belongs to another engine: run verify, or recover from a snapshot");
    }

    private void initProduct(final int product)
    {
        if ((product + 1) * STRIDE > state.length)
        {
            state = Arrays.copyOf(state, (int)Math.min((long)state.length * 2, (long)MAX_PRODUCTS * STRIDE));
        }
        Arrays.fill(state, product * STRIDE, (product + 1) * STRIDE, 0L);
        setSource(product, -1);
        productCount = product + 1;
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

    private static long mix(final long value)
    {
        long h = value * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 32);
    }
}
