package dev.stockcore.runtime;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Submits commands to the engine asynchronously: each call encodes the command into the command ring (the
 * {@link CommandDescriptor} layout, little-endian) and returns; the {@link ResultHandler} given at creation gets exactly one result per call, with the caller's
 * correlation id, after the command's movements are in the journal. Thread-safe: any number of threads may
 * share a client (they then share its handler). Allocation free.
 * <p>
 * Each method returns {@code true} when the command entered the ring. It returns {@code false} when the
 * result was decided at once, and then the handler has already been called on this thread: {@code BACK_PRESSURED}
 * (the ring stayed full for the configured wait; nothing was applied, retry later), {@code ENGINE_FAILED},
 * {@code RUNTIME_CLOSED}, or {@code INVALID_COMMAND} for a command that cannot be encoded (more than
 * {@link EngineLimits#MAX_LINES} lines, a SKU longer than {@link EngineLimits#MAX_SKU_LENGTH}).
 * Products are named by index: {@link StockRuntime#productIndex(String)} once their registration is acknowledged.
 */
public final class StockClient
{
    private final StockRuntime runtime;
    private final ManyToOneRingBuffer ring;
    private final AtomicBuffer buffer;
    private final ResultHandler handler;
    private final int clientId;
    private final long offerTimeoutNs;

    StockClient(final StockRuntime runtime, final ResultHandler handler, final int clientId)
    {
        this.runtime = runtime;
        this.ring = runtime.ring();
        this.buffer = ring.buffer();
        this.handler = handler;
        this.clientId = clientId;
        this.offerTimeoutNs = runtime.context().offerTimeoutNs();
    }

    /**
     * @return the handler that receives this client's results.
     */
    public ResultHandler handler()
    {
        return handler;
    }

    /**
     * Registers a product.
     *
     * @param correlationId returned with the result.
     * @param sku           1–64 characters, see {@link EngineLimits#isValidSku(CharSequence)}.
     * @return true if submitted; false if the result was delivered already.
     */
    public boolean addProduct(final long correlationId, final CharSequence sku)
    {
        final int length = sku.length();
        if (length > EngineLimits.MAX_SKU_LENGTH)
        {
            return reject(correlationId, Result.INVALID_COMMAND);
        }
        final int index = claim(correlationId, CommandDescriptor.ADD_PRODUCT_TYPE,
            CommandDescriptor.SKU_OFFSET + length, length);
        if (index < 0)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            final char c = sku.charAt(i);
            buffer.putByte(index + CommandDescriptor.SKU_OFFSET + i, c < 128 ? (byte)c : (byte)0);
        }
        return commit(index);
    }

    /**
     * Adds to (delta &gt; 0) or takes from (delta &lt; 0) a product's physical stock.
     *
     * @param correlationId returned with the result.
     * @param product       product index.
     * @param delta         units, non-zero.
     * @param unitCost      cost per unit scaled by {@link EngineLimits#COST_SCALE}, or {@link EngineLimits#NO_COST}.
     * @return true if submitted; false if the result was delivered already.
     */
    public boolean adjust(final long correlationId, final int product, final long delta, final long unitCost)
    {
        return stock(correlationId, CommandDescriptor.ADJUST_TYPE, product, delta, unitCost);
    }

    /**
     * Sets a product's physical stock to a counted quantity.
     *
     * @param correlationId returned with the result.
     * @param product       product index.
     * @param quantity      units counted.
     * @param unitCost      cost per unit scaled by {@link EngineLimits#COST_SCALE}, or {@link EngineLimits#NO_COST}.
     * @return true if submitted; false if the result was delivered already.
     */
    public boolean count(final long correlationId, final int product, final long quantity, final long unitCost)
    {
        return stock(correlationId, CommandDescriptor.COUNT_TYPE, product, quantity, unitCost);
    }

    /**
     * Makes {@code consumer} sell {@code source}'s stock.
     *
     * @param correlationId returned with the result.
     * @param consumer      product index; must have no stock.
     * @param source        product index.
     * @return true if submitted; false if the result was delivered already.
     */
    public boolean link(final long correlationId, final int consumer, final int source)
    {
        final int index = claim(correlationId, CommandDescriptor.LINK_TYPE, CommandDescriptor.LINK_LENGTH, 0);
        if (index < 0)
        {
            return false;
        }
        buffer.putInt(index + CommandDescriptor.PRODUCT_OFFSET, consumer, LITTLE_ENDIAN);
        buffer.putInt(index + CommandDescriptor.SOURCE_OFFSET, source, LITTLE_ENDIAN);
        return commit(index);
    }

    /**
     * Ends a consumer's link.
     *
     * @param correlationId returned with the result.
     * @param consumer      product index.
     * @return true if submitted; false if the result was delivered already.
     */
    public boolean unlink(final long correlationId, final int consumer)
    {
        final int index = claim(correlationId, CommandDescriptor.UNLINK_TYPE, CommandDescriptor.LINK_LENGTH, 0);
        if (index < 0)
        {
            return false;
        }
        buffer.putInt(index + CommandDescriptor.PRODUCT_OFFSET, consumer, LITTLE_ENDIAN);
        buffer.putInt(index + CommandDescriptor.SOURCE_OFFSET, -1, LITTLE_ENDIAN);
        return commit(index);
    }

    /**
     * Reserves order lines, all or nothing; a line on a consumer reserves in its source.
     *
     * @param correlationId returned with the result.
     * @param reservationId unique, &gt; 0.
     * @param ttlMillis     time to live, or {@link EngineLimits#NO_TTL}.
     * @param lines         1–64 lines; copied before the call returns, so the caller may reuse it.
     * @return true if submitted; false if the result was delivered already.
     */
    public boolean reserve(final long correlationId, final long reservationId, final long ttlMillis,
        final OrderLines lines)
    {
        return lines(correlationId, CommandDescriptor.RESERVE_TYPE, reservationId, ttlMillis, lines);
    }

    /**
     * Commits a reservation: the units leave physical stock.
     *
     * @param correlationId returned with the result.
     * @param reservationId the reservation.
     * @param lines         the lines to commit, or empty for all that is open; copied before the call returns.
     * @return true if submitted; false if the result was delivered already.
     */
    public boolean commit(final long correlationId, final long reservationId, final OrderLines lines)
    {
        return lines(correlationId, CommandDescriptor.COMMIT_TYPE, reservationId, 0, lines);
    }

    /**
     * Releases all that is open on a reservation.
     *
     * @param correlationId returned with the result.
     * @param reservationId the reservation.
     * @return true if submitted; false if the result was delivered already.
     */
    public boolean release(final long correlationId, final long reservationId)
    {
        final int index = claim(correlationId, CommandDescriptor.RELEASE_TYPE, CommandDescriptor.RELEASE_LENGTH, 0);
        if (index < 0)
        {
            return false;
        }
        buffer.putLong(index + CommandDescriptor.RESERVATION_ID_OFFSET, reservationId, LITTLE_ENDIAN);
        return commit(index);
    }

    /**
     * Asks what the engine knows of a reservation; only {@link StockRuntime#reservation} uses it, with the
     * blocking slot as correlation id, because the answer goes into the status that slot registered.
     */
    boolean queryReservation(final long correlationId, final long reservationId)
    {
        final int index = claim(
            correlationId, CommandDescriptor.RESERVATION_QUERY_TYPE, CommandDescriptor.RELEASE_LENGTH, 0);
        if (index < 0)
        {
            return false;
        }
        buffer.putLong(index + CommandDescriptor.RESERVATION_ID_OFFSET, reservationId, LITTLE_ENDIAN);
        return commit(index);
    }

    int clientId()
    {
        return clientId;
    }

    private boolean stock(
        final long correlationId, final int type, final int product, final long quantity, final long unitCost)
    {
        final int index = claim(correlationId, type, CommandDescriptor.STOCK_LENGTH, 0);
        if (index < 0)
        {
            return false;
        }
        buffer.putInt(index + CommandDescriptor.PRODUCT_OFFSET, product, LITTLE_ENDIAN);
        buffer.putLong(index + CommandDescriptor.QUANTITY_OFFSET, quantity, LITTLE_ENDIAN);
        buffer.putLong(index + CommandDescriptor.UNIT_COST_OFFSET, unitCost, LITTLE_ENDIAN);
        return commit(index);
    }

    private boolean lines(final long correlationId, final int type, final long reservationId, final long ttlMillis,
        final OrderLines lines)
    {
        final int count = lines.count();
        if (count > EngineLimits.MAX_LINES)
        {
            return reject(correlationId, Result.INVALID_COMMAND);
        }
        final int index = claim(correlationId, type, CommandDescriptor.linesLength(count), count);
        if (index < 0)
        {
            return false;
        }
        buffer.putLong(index + CommandDescriptor.RESERVATION_ID_OFFSET, reservationId, LITTLE_ENDIAN);
        buffer.putLong(index + CommandDescriptor.TTL_OFFSET, ttlMillis, LITTLE_ENDIAN);
        int line = index + CommandDescriptor.LINES_OFFSET;
        for (int i = 0; i < count; i++, line += CommandDescriptor.LINE_LENGTH)
        {
            buffer.putInt(line + CommandDescriptor.LINE_PRODUCT_OFFSET, lines.product(i), LITTLE_ENDIAN);
            buffer.putLong(line + CommandDescriptor.LINE_QUANTITY_OFFSET, lines.quantity(i), LITTLE_ENDIAN);
        }
        return commit(index);
    }

    /**
     * Claims ring space and writes the header; on failure delivers the result and returns -1.
     */
    private int claim(final long correlationId, final int type, final int length, final int count)
    {
        // Taken before waiting for ring space: the acknowledgement latency includes back pressure.
        final long offeredNanos = System.nanoTime();
        final Result refusal = runtime.refusal();
        if (refusal != null)
        {
            return rejectIndex(correlationId, refusal);
        }
        int index = ring.tryClaim(type, length);
        if (index < 0)
        {
            index = claimWithin(type, length);
            if (index < 0)
            {
                final Result late = runtime.refusal();
                if (late != null)
                {
                    return rejectIndex(correlationId, late);
                }
                runtime.counters().onBackPressured();
                return rejectIndex(correlationId, Result.BACK_PRESSURED);
            }
        }
        buffer.putLong(index + CommandDescriptor.CORRELATION_ID_OFFSET, correlationId, LITTLE_ENDIAN);
        buffer.putInt(index + CommandDescriptor.CLIENT_ID_OFFSET, clientId, LITTLE_ENDIAN);
        buffer.putInt(index + CommandDescriptor.COUNT_OFFSET, count, LITTLE_ENDIAN);
        buffer.putLong(index + CommandDescriptor.OFFERED_NANOS_OFFSET, offeredNanos, LITTLE_ENDIAN);
        return index;
    }

    private int claimWithin(final int type, final int length)
    {
        if (offerTimeoutNs <= 0)
        {
            return RingBuffer.INSUFFICIENT_CAPACITY;
        }
        final long deadline = System.nanoTime() + offerTimeoutNs;
        int spins = 0;
        do
        {
            if (++spins < 64)
            {
                Thread.onSpinWait();
            }
            else
            {
                Thread.yield();
            }
            final int index = ring.tryClaim(type, length);
            if (index >= 0)
            {
                return index;
            }
            if (runtime.refusal() != null)
            {
                return RingBuffer.INSUFFICIENT_CAPACITY;
            }
        }
        while (System.nanoTime() - deadline < 0);
        return RingBuffer.INSUFFICIENT_CAPACITY;
    }

    private boolean commit(final int index)
    {
        ring.commit(index);
        runtime.afterOffer();
        return true;
    }

    private int rejectIndex(final long correlationId, final Result result)
    {
        runtime.counters().onResult(result);
        handler.onResult(correlationId, result);
        return -1;
    }

    private boolean reject(final long correlationId, final Result result)
    {
        runtime.counters().onResult(result);
        handler.onResult(correlationId, result);
        return false;
    }
}
