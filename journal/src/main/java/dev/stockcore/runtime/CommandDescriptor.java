package dev.stockcore.runtime;

/**
 * Layout of a command as producer threads encode it into the command ring and the engine agent decodes it.
 * The ring's own record header carries the message type ({@code *_TYPE} below) and the length.
 * Every field is little-endian, whatever the platform ({@link StockClient} encodes and {@link EngineAgent}
 * decodes with Agrona's explicit {@code LITTLE_ENDIAN} accessors, free on a little-endian CPU), so a record
 * means the same bytes wherever the ring lives: on the heap today, in a mapped file shared with client
 * processes if the ring ever moves there, as Aeron's command ring in {@code cnc.dat} does. The ring's record
 * header (length, type) is Agrona's and native order, as Agrona's ring buffers are. Every long is 8-byte
 * aligned.
 * <pre>
 * Header (every command)
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     correlation id                            |  0
 *  |                                                               |
 *  +-------------------------------+-------------------------------+
 *  |           client id           |   count (lines / SKU bytes)   |  8
 *  +-------------------------------+-------------------------------+
 *  |          offered at: the producer's System.nanoTime()         | 16
 *  |          (for the acknowledgement latency histogram)          |
 *  +---------------------------------------------------------------+
 *  |                     body ...                                  | 24
 *
 * ADD_PRODUCT   body: SKU ASCII bytes (count of them)
 * ADJUST, COUNT body: product int @24, (pad) @28, quantity long @32, unit cost long @40
 * LINK          body: consumer int @24, source int @28
 * UNLINK        body: consumer int @24, (pad) @28
 * RESERVE       body: reservation id long @24, ttl ms long @32, lines @40
 * COMMIT        body: reservation id long @24, (unused) @32, lines @40
 * RELEASE       body: reservation id long @24
 * RESERVATION_QUERY body: reservation id long @24 (answered into the caller's ReservationStatus, not journaled)
 *
 * Line (count of them, 16 bytes each)
 *  +-------------------------------+-------------------------------+
 *  |         product index         |            (pad)              |  0
 *  +-------------------------------+-------------------------------+
 *  |                     quantity                                  |  8
 *  +---------------------------------------------------------------+
 * </pre>
 * The figure is not drawn to scale: longs are 8 bytes, ints 4.
 */
public final class CommandDescriptor
{
    /** Register a product by SKU. */
    public static final int ADD_PRODUCT_TYPE = 1;
    /** Add to or take from physical stock. */
    public static final int ADJUST_TYPE = 2;
    /** Set physical stock to a counted quantity. */
    public static final int COUNT_TYPE = 3;
    /** Make a product consume a source's stock. */
    public static final int LINK_TYPE = 4;
    /** End a consumer's link. */
    public static final int UNLINK_TYPE = 5;
    /** Reserve order lines, all or nothing. */
    public static final int RESERVE_TYPE = 6;
    /** Commit a reservation, whole or by lines. */
    public static final int COMMIT_TYPE = 7;
    /** Release a reservation. */
    public static final int RELEASE_TYPE = 8;
    /**
     * Ask what the engine knows of a reservation: changes nothing and writes no movement. The engine fills the
     * {@link dev.stockcore.engine.ReservationStatus} the blocking caller registered under its correlation id
     * (see {@link StockRuntime#reservation}); the answer is delivered with the batch, after its group commit,
     * so it never shows a state the journal does not hold yet.
     */
    public static final int RESERVATION_QUERY_TYPE = 9;

    /** Offset of the caller's correlation id (long). */
    public static final int CORRELATION_ID_OFFSET = 0;
    /** Offset of the client id that gets the result (int). */
    public static final int CLIENT_ID_OFFSET = 8;
    /** Offset of the line count or SKU length (int). */
    public static final int COUNT_OFFSET = 12;
    /** Offset of the producer's {@code System.nanoTime()} when it offered the command (long). */
    public static final int OFFERED_NANOS_OFFSET = 16;
    /** Length of the header. */
    public static final int HEADER_LENGTH = 24;

    /** Offset of the SKU bytes of ADD_PRODUCT. */
    public static final int SKU_OFFSET = 24;
    /** Offset of the product (ADJUST, COUNT) or consumer (LINK, UNLINK) index (int). */
    public static final int PRODUCT_OFFSET = 24;
    /** Offset of the source index of LINK (int). */
    public static final int SOURCE_OFFSET = 28;
    /** Offset of the quantity or delta of ADJUST and COUNT (long). */
    public static final int QUANTITY_OFFSET = 32;
    /** Offset of the unit cost of ADJUST and COUNT (long). */
    public static final int UNIT_COST_OFFSET = 40;
    /** Length of ADJUST and COUNT. */
    public static final int STOCK_LENGTH = 48;
    /** Length of LINK and UNLINK. */
    public static final int LINK_LENGTH = 32;

    /** Offset of the reservation id of RESERVE, COMMIT and RELEASE (long). */
    public static final int RESERVATION_ID_OFFSET = 24;
    /** Offset of the TTL of RESERVE (long). */
    public static final int TTL_OFFSET = 32;
    /** Length of RELEASE and RESERVATION_QUERY. */
    public static final int RELEASE_LENGTH = 32;
    /** Offset of the first line of RESERVE and COMMIT. */
    public static final int LINES_OFFSET = 40;
    /** Length of one line. */
    public static final int LINE_LENGTH = 16;
    /** Offset of a line's product index (int), from the line's start. */
    public static final int LINE_PRODUCT_OFFSET = 0;
    /** Offset of a line's quantity (long), from the line's start. */
    public static final int LINE_QUANTITY_OFFSET = 8;

    private CommandDescriptor()
    {
    }

    /**
     * @param lineCount lines of a RESERVE or COMMIT.
     * @return its encoded length.
     */
    public static int linesLength(final int lineCount)
    {
        return LINES_OFFSET + lineCount * LINE_LENGTH;
    }
}
