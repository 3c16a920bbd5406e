package dev.stockcore.engine.movement;

/**
 * Layout of a movement batch: the movements of one command, stored and replayed as one unit.
 * Every field is little-endian, whatever the platform: the same bytes are journaled, replayed and read by
 * other processes, so {@link MovementBatchWriter} and {@link MovementDecoder} name
 * {@link java.nio.ByteOrder#LITTLE_ENDIAN} on every access, as Aeron's {@code HeaderFlyweight} does (on a
 * little-endian CPU the order check folds away; see {@link MovementDecoder}).
 * Every record is 8-byte aligned.
 * <pre>
 * Batch header
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     batch length (bytes, incl. header)        |
 *  +---------------------------------------------------------------+
 *  |                     movement count                            |
 *  +---------------------------------------------------------------+
 *  |                     movement records ...                      |
 *
 * Movement record (72 bytes; PRODUCT_ADDED is followed by the SKU bytes, padded to 8)
 *  +---------------------------------------------------------------+
 *  |                     sequence (gap-free, from 1)               |  0
 *  +---------------------------------------------------------------+
 *  |                     engine time (epoch ms)                    |  8
 *  +---------------------------------------------------------------+
 *  |                     reservation id (0 if none)                | 16
 *  +---------------------------------------------------------------+
 *  |                     quantity (signed)                         | 24
 *  +---------------------------------------------------------------+
 *  |                     value (meaning by kind)                   | 32
 *  +---------------------------------------------------------------+
 *  |                     holder physical after                     | 40
 *  +---------------------------------------------------------------+
 *  |                     holder reservedHeld after                 | 48
 *  +-------------------------------+-------------------------------+
 *  |     ordered product index     |     holder product index      | 56
 *  +---------------+---------------+---------------+---------------+
 *  |     kind      |  line index   |  line count   |   (padding)   | 64
 *  +---------------+---------------+---------------+---------------+
 *  |  PRODUCT_ADDED only: SKU ASCII bytes, value = length, pad 8   | 72
 * </pre>
 * The long fields are 8 bytes and the int fields 4 bytes wide, the short fields 2; the figure is
 * not drawn to scale. Product indices are -1 where a movement names no product ({@code TIME_ADVANCED}).
 */
public final class MovementDescriptor
{
    /** Offset of the batch length (int). */
    public static final int BATCH_LENGTH_OFFSET = 0;
    /** Offset of the movement count (int). */
    public static final int BATCH_COUNT_OFFSET = 4;
    /** Length of the batch header. */
    public static final int BATCH_HEADER_LENGTH = 8;

    /** Offset of the sequence (long). */
    public static final int SEQUENCE_OFFSET = 0;
    /** Offset of the engine time (long). */
    public static final int TIME_OFFSET = 8;
    /** Offset of the reservation id (long). */
    public static final int RESERVATION_ID_OFFSET = 16;
    /** Offset of the quantity (long). */
    public static final int QUANTITY_OFFSET = 24;
    /** Offset of the kind-specific value (long). */
    public static final int VALUE_OFFSET = 32;
    /** Offset of the holder's physical stock after the movement (long). */
    public static final int HOLDER_PHYSICAL_OFFSET = 40;
    /** Offset of the holder's reservedHeld after the movement: the quantity held against its stock (long). */
    public static final int HOLDER_RESERVED_HELD_OFFSET = 48;
    /** Offset of the ordered product index (int). */
    public static final int ORDERED_OFFSET = 56;
    /** Offset of the holder product index (int). */
    public static final int HOLDER_OFFSET = 60;
    /** Offset of the kind code (short). */
    public static final int KIND_OFFSET = 64;
    /** Offset of the line index within the reservation (short). */
    public static final int LINE_OFFSET = 66;
    /** Offset of the reservation's line count (short). */
    public static final int LINE_COUNT_OFFSET = 68;
    /** Length of a movement record without trailing SKU bytes. */
    public static final int MOVEMENT_LENGTH = 72;
    /** Record alignment. */
    public static final int ALIGNMENT = 8;
    /** Largest movement count of one batch: a reservation of 64 lines. */
    public static final int MAX_MOVEMENTS_PER_BATCH = 64;
    /** Largest encoded batch. */
    public static final int MAX_BATCH_LENGTH = BATCH_HEADER_LENGTH + MAX_MOVEMENTS_PER_BATCH * MOVEMENT_LENGTH + 64;

    private MovementDescriptor()
    {
    }

    /**
     * Encoded length of a record with this many trailing SKU bytes.
     *
     * @param skuLength SKU bytes after the record (0 for every kind but PRODUCT_ADDED).
     * @return the record length, aligned.
     */
    public static int recordLength(final int skuLength)
    {
        return MOVEMENT_LENGTH + ((skuLength + ALIGNMENT - 1) & -ALIGNMENT);
    }
}
