package dev.stockcore.journal;

import dev.stockcore.engine.movement.MovementKind;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static dev.stockcore.engine.movement.MovementDescriptor.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The journal's compact encoding of movement batches (excerpt encoding 1): the same movements as the engine's
 * fixed 72-byte {@code MovementDescriptor} records, in about a fifth of the bytes, and decoded back to exactly the
 * same bytes, so every reader (replay, {@code dump}, {@code feed}, {@code verify}) sees what the engine wrote.
 * <p>
 * Within one excerpt the records are delta-coded against the record before them (the state starts afresh at each
 * excerpt, so any excerpt decodes alone). Integers are LEB128 varints; signed ones zig-zag first.
 * <pre>
 * excerpt payload   := first sequence (varint), then batches
 * batch             := movement count (varint), then records
 * record            := flags (1 byte), then, each only where its flag says it is not implied:
 *   flags bits 0-3    kind code (1..15)
 *   flag  bit 4       sequence is NOT previous + 1: sequence delta follows (zig-zag)
 *   flag  bit 5       time is the previous record's: no time field
 *   flag  bit 6       reservation id is the previous record's: no reservation field
 *   flag  bit 7       holder is the ordered product: no holder field
 *   [sequence delta] [time delta from the previous record (zig-zag; the first from 0)]
 *   [reservation id delta from the previous record (zig-zag)]
 *   quantity (zig-zag)
 *   value (zig-zag; for RESERVED the deadline less the time, wrapping: the same bytes come back for -1)
 *   holder physical after (zig-zag)   holder reservedHeld after (zig-zag)
 *   ordered product index (zig-zag)   [holder product index (zig-zag)]
 *   line index, line count (zig-zag each)
 *   PRODUCT_ADDED only: the SKU's bytes (as many as value says)
 * </pre>
 * Neither direction allocates. Not thread safe: one instance per writer or reader.
 */
final class CompactBatchCodec
{
    /** Excerpt encoding code of the engine's fixed layout. */
    static final int ENCODING_FIXED = 0;
    /** Excerpt encoding code of this compact layout. */
    static final int ENCODING_COMPACT = 1;
    /** Largest encoded size of one record without SKU bytes: the flags and 12 varints of at most 10 bytes. */
    static final int MAX_RECORD_LENGTH = 1 + 12 * 10;

    private static final int KIND_MASK = 0x0F;
    private static final int EXPLICIT_SEQUENCE = 0x10;
    private static final int SAME_TIME = 0x20;
    private static final int SAME_RESERVATION = 0x40;
    private static final int HOLDER_IS_ORDERED = 0x80;
    private static final int RESERVED = MovementKind.RESERVED.code();
    private static final int PRODUCT_ADDED = MovementKind.PRODUCT_ADDED.code();

    private long previousSequence;
    private long previousTime;
    private long previousReservation;
    private int position;

    /**
     * Starts an excerpt: the delta state is reset and the first sequence written.
     *
     * @param out           where the excerpt's payload goes.
     * @param offset        of the payload.
     * @param firstSequence sequence of the excerpt's first movement (that of its first batch).
     * @return the bytes written.
     */
    int beginExcerpt(final MutableDirectBuffer out, final int offset, final long firstSequence)
    {
        previousSequence = firstSequence - 1;
        previousTime = 0;
        previousReservation = 0;
        position = offset;
        putVarint(out, firstSequence);
        return position - offset;
    }

    /**
     * Encodes one batch in the engine's fixed layout after what was encoded since {@link #beginExcerpt}.
     *
     * @param in     holding the batch.
     * @param offset of the batch header.
     * @param out    where it goes; needs {@code 10 + count * MAX_RECORD_LENGTH + SKU bytes} free.
     * @param at     where in {@code out}.
     * @return the bytes written.
     * @throws IllegalArgumentException if a record's kind code does not fit the encoding.
     */
    int encodeBatch(final DirectBuffer in, final int offset, final MutableDirectBuffer out, final int at)
    {
        position = at;
        final int count = in.getInt(offset + BATCH_COUNT_OFFSET, LITTLE_ENDIAN);
        putVarint(out, count);
        int record = offset + BATCH_HEADER_LENGTH;
        for (int i = 0; i < count; i++)
        {
            record = encodeRecord(in, record, out);
        }
        return position - at;
    }

    private int encodeRecord(final DirectBuffer in, final int record, final MutableDirectBuffer out)
    {
        final int kind = in.getShort(record + KIND_OFFSET, LITTLE_ENDIAN);
        if (kind < 1 || kind > KIND_MASK)
        {
            throw new IllegalArgumentException("movement kind code " + kind + " does not fit the compact encoding");
        }
        final long sequence = in.getLong(record + SEQUENCE_OFFSET, LITTLE_ENDIAN);
        final long time = in.getLong(record + TIME_OFFSET, LITTLE_ENDIAN);
        final long reservation = in.getLong(record + RESERVATION_ID_OFFSET, LITTLE_ENDIAN);
        final long value = in.getLong(record + VALUE_OFFSET, LITTLE_ENDIAN);
        final int ordered = in.getInt(record + ORDERED_OFFSET, LITTLE_ENDIAN);
        final int holder = in.getInt(record + HOLDER_OFFSET, LITTLE_ENDIAN);
        int flags = kind;
        if (sequence != previousSequence + 1)
        {
            flags |= EXPLICIT_SEQUENCE;
        }
        if (time == previousTime)
        {
            flags |= SAME_TIME;
        }
        if (reservation == previousReservation)
        {
            flags |= SAME_RESERVATION;
        }
        if (holder == ordered)
        {
            flags |= HOLDER_IS_ORDERED;
        }
        out.putByte(position++, (byte)flags);
        if ((flags & EXPLICIT_SEQUENCE) != 0)
        {
            putSigned(out, sequence - previousSequence);
        }
        if ((flags & SAME_TIME) == 0)
        {
            putSigned(out, time - previousTime);
        }
        if ((flags & SAME_RESERVATION) == 0)
        {
            putSigned(out, reservation - previousReservation);
        }
        putSigned(out, in.getLong(record + QUANTITY_OFFSET, LITTLE_ENDIAN));
        putSigned(out, kind == RESERVED ? value - time : value);
        putSigned(out, in.getLong(record + HOLDER_PHYSICAL_OFFSET, LITTLE_ENDIAN));
        putSigned(out, in.getLong(record + HOLDER_RESERVED_HELD_OFFSET, LITTLE_ENDIAN));
        putSigned(out, ordered);
        if ((flags & HOLDER_IS_ORDERED) == 0)
        {
            putSigned(out, holder);
        }
        putSigned(out, in.getShort(record + LINE_OFFSET, LITTLE_ENDIAN));
        putSigned(out, in.getShort(record + LINE_COUNT_OFFSET, LITTLE_ENDIAN));
        previousSequence = sequence;
        previousTime = time;
        previousReservation = reservation;
        int skuLength = 0;
        if (kind == PRODUCT_ADDED)
        {
            skuLength = (int)value;
            out.putBytes(position, in, record + MOVEMENT_LENGTH, skuLength);
            position += skuLength;
        }
        return record + recordLength(skuLength);
    }

    /**
     * Decodes one batch into the engine's fixed layout, byte for byte what {@link #encodeBatch} was given.
     *
     * @param in     holding the compact bytes.
     * @param offset of the batch's first compact byte.
     * @param limit  end of the excerpt's payload: nothing is read at or past it.
     * @param out    where the fixed-layout batch goes (at offset 0); needs {@code MAX_BATCH_LENGTH} bytes.
     * @return the offset in {@code in} after the batch.
     * @throws IllegalStateException if the bytes do not decode to a batch within {@code limit} (damage).
     */
    int decodeBatch(final DirectBuffer in, final int offset, final int limit, final MutableDirectBuffer out)
    {
        position = offset;
        final long count = getVarint(in, limit);
        if (count < 0 || count > MAX_MOVEMENTS_PER_BATCH)
        {
            throw new IllegalStateException("compact batch at byte " + offset + " claims " + count + " movements");
        }
        int record = BATCH_HEADER_LENGTH;
        for (int i = 0; i < count; i++)
        {
            record = decodeRecord(in, limit, out, record);
        }
        out.putInt(BATCH_LENGTH_OFFSET, record, LITTLE_ENDIAN);
        out.putInt(BATCH_COUNT_OFFSET, (int)count, LITTLE_ENDIAN);
        return position;
    }

    private int decodeRecord(final DirectBuffer in, final int limit, final MutableDirectBuffer out, final int record)
    {
        if (position >= limit)
        {
            throw truncated();
        }
        final int flags = in.getByte(position++) & 0xFF;
        final int kind = flags & KIND_MASK;
        final long sequence = (flags & EXPLICIT_SEQUENCE) != 0 ?
            previousSequence + getSigned(in, limit) : previousSequence + 1;
        final long time = (flags & SAME_TIME) != 0 ? previousTime : previousTime + getSigned(in, limit);
        final long reservation = (flags & SAME_RESERVATION) != 0 ?
            previousReservation : previousReservation + getSigned(in, limit);
        final long quantity = getSigned(in, limit);
        final long value = kind == RESERVED ? time + getSigned(in, limit) : getSigned(in, limit);
        final long physical = getSigned(in, limit);
        final long reservedHeld = getSigned(in, limit);
        final int ordered = (int)getSigned(in, limit);
        final int holder = (flags & HOLDER_IS_ORDERED) != 0 ? ordered : (int)getSigned(in, limit);
        final short line = (short)getSigned(in, limit);
        final short lineCount = (short)getSigned(in, limit);
        int skuLength = 0;
        if (kind == PRODUCT_ADDED)
        {
            if (value < 0 || value > limit - position)
            {
                throw new IllegalStateException("compact PRODUCT_ADDED record claims " + value + " SKU bytes");
            }
            skuLength = (int)value;
        }
        final int next = record + recordLength(skuLength);
        if (next > out.capacity())
        {
            throw new IllegalStateException("compact batch decodes to more than " + out.capacity() + " bytes");
        }
        out.putLong(record + SEQUENCE_OFFSET, sequence, LITTLE_ENDIAN);
        out.putLong(record + TIME_OFFSET, time, LITTLE_ENDIAN);
        out.putLong(record + RESERVATION_ID_OFFSET, reservation, LITTLE_ENDIAN);
        out.putLong(record + QUANTITY_OFFSET, quantity, LITTLE_ENDIAN);
        out.putLong(record + VALUE_OFFSET, value, LITTLE_ENDIAN);
        out.putLong(record + HOLDER_PHYSICAL_OFFSET, physical, LITTLE_ENDIAN);
        out.putLong(record + HOLDER_RESERVED_HELD_OFFSET, reservedHeld, LITTLE_ENDIAN);
        out.putInt(record + ORDERED_OFFSET, ordered, LITTLE_ENDIAN);
        out.putInt(record + HOLDER_OFFSET, holder, LITTLE_ENDIAN);
        out.putShort(record + KIND_OFFSET, (short)kind, LITTLE_ENDIAN);
        out.putShort(record + LINE_OFFSET, line, LITTLE_ENDIAN);
        out.putShort(record + LINE_COUNT_OFFSET, lineCount, LITTLE_ENDIAN);
        out.putShort(record + LINE_COUNT_OFFSET + 2, (short)0, LITTLE_ENDIAN);
        if (skuLength > 0)
        {
            out.putBytes(record + MOVEMENT_LENGTH, in, position, skuLength);
            position += skuLength;
            out.setMemory(record + MOVEMENT_LENGTH + skuLength, next - record - MOVEMENT_LENGTH - skuLength, (byte)0);
        }
        previousSequence = sequence;
        previousTime = time;
        previousReservation = reservation;
        return next;
    }

    /**
     * Reads the excerpt's first sequence and resets the delta state; call before the first {@link #decodeBatch}.
     *
     * @param in     holding the payload.
     * @param offset of the payload.
     * @param limit  end of the payload.
     * @return the offset of the first batch.
     */
    int beginDecode(final DirectBuffer in, final int offset, final int limit)
    {
        position = offset;
        previousSequence = getVarint(in, limit) - 1;
        previousTime = 0;
        previousReservation = 0;
        return position;
    }

    private void putSigned(final MutableDirectBuffer out, final long value)
    {
        putVarint(out, zigZag(value));
    }

    private void putVarint(final MutableDirectBuffer out, final long value)
    {
        long remaining = value;
        int at = position;
        while ((remaining & ~0x7FL) != 0)
        {
            out.putByte(at++, (byte)((remaining & 0x7F) | 0x80));
            remaining >>>= 7;
        }
        out.putByte(at++, (byte)remaining);
        position = at;
    }

    private long getSigned(final DirectBuffer in, final int limit)
    {
        return unZigZag(getVarint(in, limit));
    }

    private long getVarint(final DirectBuffer in, final int limit)
    {
        long value = 0;
        int at = position;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (at >= limit)
            {
                throw truncated();
            }
            final byte b = in.getByte(at++);
            value |= (long)(b & 0x7F) << shift;
            if (b >= 0)
            {
                position = at;
                return value;
            }
        }
        throw new IllegalStateException("compact varint longer than 10 bytes at byte " + position);
    }

    private IllegalStateException truncated()
    {
        return new IllegalStateException("compact batch runs past the end of its excerpt at byte " + position);
    }

    private static long zigZag(final long value)
    {
        return (value << 1) ^ (value >> 63);
    }

    private static long unZigZag(final long value)
    {
        return (value >>> 1) ^ -(value & 1);
    }
}
