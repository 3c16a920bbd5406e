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
 * to the {@link MovementHandler} as one batch, with gap-free sequence numbers. Time is an input
 * ({@link #advanceTime(long)}); the engine never reads a clock, so a replay of its movements
 * ({@link #applyBatch(DirectBuffer, int)}) rebuilds exactly the same state.
 * <p>
 * Per product (indexed by the dense index given at registration) the engine keeps physical stock, what is
 * held against it ({@code reservedHeld}) and ordered through it ({@code reservedOrdered}), its average cost
 * and its link, in a {@link ProductTable}, plus the SKU in the {@link SkuTable}. The holder of a product is
 * its source if linked, else itself, and {@code available(p) = physical[holder] - reservedHeld[holder]}. The
 * engine keeps {@code 0 <= reservedHeld <= physical} for every product.
 * <p>
 * The tables, the queries, replay, snapshots and the audit live in {@link EngineState}, which this class
 * extends with the commands: this file holds the rules and the publishing of their movements.
 * <p>
 * Not thread safe: exactly one thread calls the commands (the single writer). Queries from other
 * threads need a published view (the runtime's job).
 */
public final class StockEngine extends EngineState
{
    private final MovementBatchWriter batch = new MovementBatchWriter();
    private MovementHandler handler;
    private Throwable failure;

    private final int[] mergedProduct = new int[MAX_LINES];
    private final long[] mergedQuantity = new long[MAX_LINES];
    private final int[] mergedLine = new int[MAX_LINES];
    private int mergedCount;

    /**
     * An engine with default capacities and the default retention of closed reservations (24 h).
     *
     * @param handler receives the movements of every accepted command.
     */
    public StockEngine(final MovementHandler handler)
    {
        this(handler, 1024, 4096, DEFAULT_RETENTION_MILLIS);
    }

    /**
     * An engine sized for an expected catalogue and number of open reservations; tables grow by
     * doubling beyond the hints.
     *
     * @param handler             receives the movements of every accepted command.
     * @param productCapacity     expected number of products.
     * @param reservationCapacity expected number of open plus retained reservations.
     * @param retentionMillis     how long a closed reservation id is remembered, in engine time (&gt;= 1).
     */
    public StockEngine(
        final MovementHandler handler,
        final int productCapacity,
        final int reservationCapacity,
        final long retentionMillis)
    {
        super(productCapacity, reservationCapacity, retentionMillis);
        this.handler = handler == null ? MovementHandler.NONE : handler;
    }

    /**
     * Replaces the movement handler, for instance once a journal is opened after recovery.
     *
     * @param handler the new handler, or null for none.
     * @return this.
     */
    public StockEngine movementHandler(final MovementHandler handler)
    {
        this.handler = handler == null ? MovementHandler.NONE : handler;
        return this;
    }

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
     * INSUFFICIENT_STOCK (below zero or below what is held, reservedHeld).
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
     * INSUFFICIENT_STOCK (below what is held, reservedHeld).
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
     * Whether the movement handler has thrown; a failed engine refuses every command.
     *
     * @return true if failed.
     */
    public boolean isFailed()
    {
        return failure != null;
    }

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
            final long averageCost = AverageCost.afterIncrease(products.averageCost(product), before, unitCost, delta);
            products.averageCost(product, averageCost);
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

    /**
     * Hands the finished batch to the handler. State is complete before this is called, so if the handler
     * throws (a journal that cannot write), memory is ahead of what was stored: the engine refuses every
     * later command, and the state must be recovered from the journal.
     */
    private void publish()
    {
        final int length = batch.finish();
        try
        {
            handler.onBatch(batch.buffer(), 0, length);
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
            throw new IllegalStateException("engine failed: the movement handler threw " + failure +
                ", so this engine's state may be ahead of its journal; recover a new engine from the journal",
                failure);
        }
    }
}
