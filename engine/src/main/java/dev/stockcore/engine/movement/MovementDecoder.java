package dev.stockcore.engine.movement;

import org.agrona.DirectBuffer;

import static dev.stockcore.engine.movement.MovementDescriptor.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Flyweight that reads one movement record in place (see {@link MovementDescriptor} for the layout),
 * little-endian. Also iterates the records of a batch:
 * <pre>{@code
 * for (decoder.wrapBatch(buffer, offset); decoder.next(); ) { ... decoder.kind() ... }
 * }</pre>
 * The static {@code batch*} methods read a batch header without a decoder, for code that only routes batches.
 * <p>
 * Why the explicit order costs nothing here: Agrona 2.6.0's {@code getLong(index, order)} is the same
 * {@code Unsafe} load as {@code getLong(index)} followed by {@code if (NATIVE_BYTE_ORDER != order)
 * reverseBytes}; {@code BufferUtil.NATIVE_BYTE_ORDER} is a static final and the order a constant at every call
 * site, so the JIT folds the test away on a little-endian CPU and keeps one {@code bswap} on a big-endian one.
 * {@code getLong(index)} without an order is native order, which is what a persisted layout must not depend on.
 */
public final class MovementDecoder
{
    private DirectBuffer buffer;
    private int offset;
    private int nextOffset;
    private int remaining;

    /**
     * Length of a batch, header included.
     *
     * @param buffer      holding the batch.
     * @param batchOffset of the batch header.
     * @return bytes.
     */
    public static int batchLength(final DirectBuffer buffer, final int batchOffset)
    {
        return buffer.getInt(batchOffset + BATCH_LENGTH_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * Number of movements in a batch.
     *
     * @param buffer      holding the batch.
     * @param batchOffset of the batch header.
     * @return the count.
     */
    public static int batchCount(final DirectBuffer buffer, final int batchOffset)
    {
        return buffer.getInt(batchOffset + BATCH_COUNT_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * Sequence of the first movement of a batch.
     *
     * @param buffer      holding the batch.
     * @param batchOffset of the batch header.
     * @return the sequence, or -1 if the batch holds no movement.
     */
    public static long batchFirstSequence(final DirectBuffer buffer, final int batchOffset)
    {
        return batchCount(buffer, batchOffset) > 0 ?
            buffer.getLong(batchOffset + BATCH_HEADER_LENGTH + SEQUENCE_OFFSET, LITTLE_ENDIAN) : -1;
    }

    /**
     * Wraps a single record.
     *
     * @param buffer holding the record.
     * @param offset of the record's first byte.
     * @return this.
     */
    public MovementDecoder wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.remaining = 0;
        this.nextOffset = offset + encodedLength();
        return this;
    }

    /**
     * Positions before the first record of a batch; call {@link #next()} to step onto each record.
     *
     * @param buffer holding the batch.
     * @param batchOffset of the batch header.
     * @return the number of movements in the batch.
     */
    public int wrapBatch(final DirectBuffer buffer, final int batchOffset)
    {
        this.buffer = buffer;
        this.remaining = batchCount(buffer, batchOffset);
        this.nextOffset = batchOffset + BATCH_HEADER_LENGTH;
        this.offset = -1;
        return remaining;
    }

    /**
     * Steps onto the next record of the batch wrapped by {@link #wrapBatch(DirectBuffer, int)}.
     *
     * @return false when the batch has no more records.
     */
    public boolean next()
    {
        if (remaining <= 0)
        {
            return false;
        }
        remaining--;
        offset = nextOffset;
        nextOffset = offset + encodedLength();
        return true;
    }

    /**
     * Length of the current record, including any SKU bytes.
     *
     * @return bytes.
     */
    public int encodedLength()
    {
        return recordLength(kindCode() == MovementKind.PRODUCT_ADDED.code() ? (int)value() : 0);
    }

    /** @return offset of the current record in the buffer. */
    public int offset()
    {
        return offset;
    }

    /** @return gap-free sequence number of the movement. */
    public long sequence()
    {
        return buffer.getLong(offset + SEQUENCE_OFFSET, LITTLE_ENDIAN);
    }

    /** @return engine time of the movement, epoch milliseconds. */
    public long time()
    {
        return buffer.getLong(offset + TIME_OFFSET, LITTLE_ENDIAN);
    }

    /** @return reservation id, 0 if the movement belongs to no reservation. */
    public long reservationId()
    {
        return buffer.getLong(offset + RESERVATION_ID_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the movement's quantity (signed for adjustments and counts). */
    public long quantity()
    {
        return buffer.getLong(offset + QUANTITY_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the kind-specific value (see {@link MovementKind}). */
    public long value()
    {
        return buffer.getLong(offset + VALUE_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the holder's physical stock after the movement. */
    public long holderPhysical()
    {
        return buffer.getLong(offset + HOLDER_PHYSICAL_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the holder's reservedHeld after the movement: the quantity held against its stock. */
    public long holderReservedHeld()
    {
        return buffer.getLong(offset + HOLDER_RESERVED_HELD_OFFSET, LITTLE_ENDIAN);
    }

    /** @return index of the product as ordered (the order view: B for a virtual product), -1 if none. */
    public int ordered()
    {
        return buffer.getInt(offset + ORDERED_OFFSET, LITTLE_ENDIAN);
    }

    /** @return index of the product that holds the physical stock (the invoice view: A), -1 if none. */
    public int holder()
    {
        return buffer.getInt(offset + HOLDER_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the raw kind code. */
    public int kindCode()
    {
        return buffer.getShort(offset + KIND_OFFSET, LITTLE_ENDIAN);
    }

    /** @return the kind, or null for an unknown code. */
    public MovementKind kind()
    {
        return MovementKind.fromCode(kindCode());
    }

    /** @return index of the line within its reservation. */
    public int line()
    {
        return buffer.getShort(offset + LINE_OFFSET, LITTLE_ENDIAN);
    }

    /** @return number of lines of the reservation. */
    public int lineCount()
    {
        return buffer.getShort(offset + LINE_COUNT_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * Length of the SKU of a PRODUCT_ADDED record.
     *
     * @return bytes, 0 for other kinds.
     */
    public int skuLength()
    {
        return kindCode() == MovementKind.PRODUCT_ADDED.code() ? (int)value() : 0;
    }

    /**
     * Offset of the SKU bytes of a PRODUCT_ADDED record.
     *
     * @return offset in the buffer.
     */
    public int skuOffset()
    {
        return offset + MOVEMENT_LENGTH;
    }

    /**
     * The SKU of a PRODUCT_ADDED record (allocates; for tools, not the hot path).
     *
     * @return the SKU, or an empty string for other kinds.
     */
    public String sku()
    {
        return buffer.getStringWithoutLengthAscii(skuOffset(), skuLength());
    }

    /** @return the buffer wrapped. */
    public DirectBuffer buffer()
    {
        return buffer;
    }
}
