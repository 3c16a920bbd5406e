package dev.stockcore.engine.movement;

/**
 * What a movement record says happened. Codes are stable: they are written to the journal.
 */
public enum MovementKind
{
    /** A product was registered; the SKU bytes follow the record. */
    PRODUCT_ADDED(1),
    /**
     * Engine time moved forward; {@code time} is the new time, {@code value} the previous one and
     * {@code quantity} the retention of closed reservation ids in force.
     */
    TIME_ADVANCED(2),
    /** Inventory adjustment: {@code quantity} is the signed delta, {@code value} the average unit cost after. */
    ADJUSTED(3),
    /** Inventory count: {@code quantity} is the signed change it made, {@code value} the average unit cost after. */
    COUNTED(4),
    /** {@code ordered} now consumes the stock of {@code holder}; {@code value} is the holder's consumer count after. */
    LINKED(5),
    /** {@code ordered} no longer consumes {@code holder}; {@code value} is the holder's consumer count after. */
    UNLINKED(6),
    /** One line of a reservation; {@code value} is the expiry deadline (-1 if none). */
    RESERVED(7),
    /** Quantity of one line committed (invoiced); {@code value} is what is left on the line. */
    COMMITTED(8),
    /** Quantity of one line released (cancelled); {@code value} is what is left on the line (0). */
    RELEASED(9),
    /** Quantity of one line expired; {@code value} is what is left on the line (0). */
    EXPIRED(10);

    private static final MovementKind[] BY_CODE = new MovementKind[11];

    static
    {
        for (final MovementKind kind : values())
        {
            BY_CODE[kind.code] = kind;
        }
    }

    private final int code;

    MovementKind(final int code)
    {
        this.code = code;
    }

    /**
     * Stable numeric code, as written to the journal.
     *
     * @return the code.
     */
    public int code()
    {
        return code;
    }

    /**
     * The kind for a code.
     *
     * @param code as returned by {@link #code()}.
     * @return the kind, or null if the code is unknown (a corrupt or newer record).
     */
    public static MovementKind fromCode(final int code)
    {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
