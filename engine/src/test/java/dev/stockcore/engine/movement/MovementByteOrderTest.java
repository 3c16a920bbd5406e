package dev.stockcore.engine.movement;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static dev.stockcore.engine.movement.MovementDescriptor.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The movement layout is little-endian byte for byte, whatever the byte order of the machine running the test:
 * the writer puts the least significant byte first and the decoder reads bytes placed that way.
 */
class MovementByteOrderTest
{
    private static final long SEQUENCE = 0x0102030405060708L;
    private static final long TIME = 0x1112131415161718L;
    private static final long RESERVATION_ID = 0x2122232425262728L;
    private static final long QUANTITY = -2L;
    private static final long VALUE = 0x4142434445464748L;
    private static final long PHYSICAL = 0x5152535455565758L;
    private static final long RESERVED = 0x6162636465666768L;
    private static final int ORDERED = 0x71727374;
    private static final int HOLDER = 0x75767778;

    @Test
    void shouldWriteEveryFieldLeastSignificantByteFirst()
    {
        final MovementBatchWriter writer = new MovementBatchWriter();
        writer.reset();
        final int offset = writer.append(SEQUENCE, TIME, MovementKind.RESERVED, RESERVATION_ID, ORDERED, HOLDER,
            0x0102, 0x0304, QUANTITY, VALUE, PHYSICAL, RESERVED);
        final int length = writer.finish();
        final byte[] bytes = new byte[length];
        writer.buffer().getBytes(0, bytes);

        assertArrayEquals(new byte[] { (byte)length, 0, 0, 0, 1, 0, 0, 0 }, slice(bytes, 0, BATCH_HEADER_LENGTH));
        assertArrayEquals(new byte[] { 8, 7, 6, 5, 4, 3, 2, 1 }, slice(bytes, offset + SEQUENCE_OFFSET, 8));
        assertArrayEquals(new byte[] { 0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11 },
            slice(bytes, offset + TIME_OFFSET, 8));
        assertArrayEquals(new byte[] { 0x28, 0x27, 0x26, 0x25, 0x24, 0x23, 0x22, 0x21 },
            slice(bytes, offset + RESERVATION_ID_OFFSET, 8));
        assertArrayEquals(new byte[] { -2, -1, -1, -1, -1, -1, -1, -1 }, slice(bytes, offset + QUANTITY_OFFSET, 8));
        assertArrayEquals(new byte[] { 0x74, 0x73, 0x72, 0x71, 0x78, 0x77, 0x76, 0x75 },
            slice(bytes, offset + ORDERED_OFFSET, 8));
        final int kind = MovementKind.RESERVED.code();
        assertArrayEquals(new byte[] { (byte)kind, (byte)(kind >> 8), 0x02, 0x01, 0x04, 0x03, 0, 0 },
            slice(bytes, offset + KIND_OFFSET, 8));
    }

    @Test
    void shouldReadFieldsPlacedLeastSignificantByteFirst()
    {
        final byte[] bytes = new byte[BATCH_HEADER_LENGTH + MOVEMENT_LENGTH];
        putLittleEndian(bytes, BATCH_LENGTH_OFFSET, bytes.length, 4);
        putLittleEndian(bytes, BATCH_COUNT_OFFSET, 1, 4);
        final int record = BATCH_HEADER_LENGTH;
        putLittleEndian(bytes, record + SEQUENCE_OFFSET, SEQUENCE, 8);
        putLittleEndian(bytes, record + TIME_OFFSET, TIME, 8);
        putLittleEndian(bytes, record + RESERVATION_ID_OFFSET, RESERVATION_ID, 8);
        putLittleEndian(bytes, record + QUANTITY_OFFSET, QUANTITY, 8);
        putLittleEndian(bytes, record + VALUE_OFFSET, VALUE, 8);
        putLittleEndian(bytes, record + HOLDER_PHYSICAL_OFFSET, PHYSICAL, 8);
        putLittleEndian(bytes, record + HOLDER_RESERVED_HELD_OFFSET, RESERVED, 8);
        putLittleEndian(bytes, record + ORDERED_OFFSET, ORDERED, 4);
        putLittleEndian(bytes, record + HOLDER_OFFSET, HOLDER, 4);
        putLittleEndian(bytes, record + KIND_OFFSET, MovementKind.COMMITTED.code(), 2);
        putLittleEndian(bytes, record + LINE_OFFSET, 0x0102, 2);
        putLittleEndian(bytes, record + LINE_COUNT_OFFSET, 0x0304, 2);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final MovementDecoder decoder = new MovementDecoder();

        assertEquals(bytes.length, MovementDecoder.batchLength(buffer, 0));
        assertEquals(SEQUENCE, MovementDecoder.batchFirstSequence(buffer, 0));
        assertEquals(1, decoder.wrapBatch(buffer, 0));
        decoder.next();
        assertArrayEquals(
            new long[] { SEQUENCE, TIME, RESERVATION_ID, QUANTITY, VALUE, PHYSICAL, RESERVED, ORDERED, HOLDER,
                MovementKind.COMMITTED.code(), 0x0102, 0x0304 },
            new long[] { decoder.sequence(), decoder.time(), decoder.reservationId(), decoder.quantity(),
                decoder.value(), decoder.holderPhysical(), decoder.holderReservedHeld(), decoder.ordered(),
                decoder.holder(), decoder.kindCode(), decoder.line(), decoder.lineCount() });
    }

    @Test
    void shouldAnswerNoFirstSequenceForAnEmptyBatch()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[BATCH_HEADER_LENGTH]);
        buffer.putInt(BATCH_LENGTH_OFFSET, BATCH_HEADER_LENGTH, java.nio.ByteOrder.LITTLE_ENDIAN);

        assertEquals(0, MovementDecoder.batchCount(buffer, 0));
        assertEquals(-1, MovementDecoder.batchFirstSequence(buffer, 0));
    }

    private static byte[] slice(final byte[] bytes, final int from, final int length)
    {
        final byte[] slice = new byte[length];
        System.arraycopy(bytes, from, slice, 0, length);
        return slice;
    }

    private static void putLittleEndian(final byte[] bytes, final int offset, final long value, final int width)
    {
        for (int i = 0; i < width; i++)
        {
            bytes[offset + i] = (byte)(value >>> (8 * i));
        }
    }
}
