package dev.stockcore.engine.movement;

import org.agrona.concurrent.UnsafeBuffer;

import static dev.stockcore.engine.movement.MovementDescriptor.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes the movements of one command into a reusable buffer, in the {@link MovementDescriptor} layout,
 * little-endian. Not thread safe; one per engine.
 */
public final class MovementBatchWriter
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MAX_BATCH_LENGTH]);
    private int position = BATCH_HEADER_LENGTH;
    private int count;

    /** Discards anything written and starts an empty batch. */
    public void reset()
    {
        position = BATCH_HEADER_LENGTH;
        count = 0;
    }

    /**
     * Appends one movement record.
     *
     * @return the offset of the record, so a caller can add trailing SKU bytes.
     */
    public int append(
        final long sequence,
        final long time,
        final MovementKind kind,
        final long reservationId,
        final int ordered,
        final int holder,
        final int line,
        final int lineCount,
        final long quantity,
        final long value,
        final long holderPhysical,
        final long holderReservedHeld)
    {
        final int offset = position;
        final UnsafeBuffer buffer = this.buffer;
        buffer.putLong(offset + SEQUENCE_OFFSET, sequence, LITTLE_ENDIAN);
        buffer.putLong(offset + TIME_OFFSET, time, LITTLE_ENDIAN);
        buffer.putLong(offset + RESERVATION_ID_OFFSET, reservationId, LITTLE_ENDIAN);
        buffer.putLong(offset + QUANTITY_OFFSET, quantity, LITTLE_ENDIAN);
        buffer.putLong(offset + VALUE_OFFSET, value, LITTLE_ENDIAN);
        buffer.putLong(offset + HOLDER_PHYSICAL_OFFSET, holderPhysical, LITTLE_ENDIAN);
        buffer.putLong(offset + HOLDER_RESERVED_HELD_OFFSET, holderReservedHeld, LITTLE_ENDIAN);
        buffer.putInt(offset + ORDERED_OFFSET, ordered, LITTLE_ENDIAN);
        buffer.putInt(offset + HOLDER_OFFSET, holder, LITTLE_ENDIAN);
        buffer.putShort(offset + KIND_OFFSET, (short)kind.code(), LITTLE_ENDIAN);
        buffer.putShort(offset + LINE_OFFSET, (short)line, LITTLE_ENDIAN);
        buffer.putShort(offset + LINE_COUNT_OFFSET, (short)lineCount, LITTLE_ENDIAN);
        buffer.putShort(offset + LINE_COUNT_OFFSET + 2, (short)0, LITTLE_ENDIAN);
        position = offset + MOVEMENT_LENGTH;
        count++;
        return offset;
    }

    /**
     * Appends SKU bytes to the record just appended (PRODUCT_ADDED only; its value must be the length).
     *
     * @param sku ASCII SKU.
     */
    public void appendSku(final CharSequence sku)
    {
        final int length = sku.length();
        for (int i = 0; i < length; i++)
        {
            buffer.putByte(position + i, (byte)sku.charAt(i));
        }
        final int padded = (length + ALIGNMENT - 1) & -ALIGNMENT;
        for (int i = length; i < padded; i++)
        {
            buffer.putByte(position + i, (byte)0);
        }
        position += padded;
    }

    /**
     * Writes the header and returns the batch length.
     *
     * @return length of the finished batch, header included.
     */
    public int finish()
    {
        buffer.putInt(BATCH_LENGTH_OFFSET, position, LITTLE_ENDIAN);
        buffer.putInt(BATCH_COUNT_OFFSET, count, LITTLE_ENDIAN);
        return position;
    }

    /** @return movements appended since the last reset. */
    public int count()
    {
        return count;
    }

    /** @return the buffer the batch is written to, starting at offset 0. */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }
}
