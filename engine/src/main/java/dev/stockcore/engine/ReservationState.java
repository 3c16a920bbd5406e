package dev.stockcore.engine;

/**
 * What the engine knows of a reservation id, as {@link ReservationStatus#state()} reports it. Codes are explicit
 * and stable (never {@code ordinal()}), because a state may travel between threads or processes as a number.
 */
public enum ReservationState
{
    /** Holding stock: something remains on at least one line. */
    OPEN(1),
    /**
     * Closed by the order's own commands: committed in full, released, or partly committed and then released.
     * The engine keeps no difference between these once closed; the journal's movements do.
     */
    CLOSED(2),
    /** Closed by its time-to-live: what was left went back to stock. */
    EXPIRED(3),
    /** Never reserved, or closed longer ago than the id retention and forgotten. */
    UNKNOWN(4);

    private static final ReservationState[] BY_CODE = { null, OPEN, CLOSED, EXPIRED, UNKNOWN };

    private final int code;

    ReservationState(final int code)
    {
        this.code = code;
    }

    /**
     * @return the stable code of this state.
     */
    public int code()
    {
        return code;
    }

    /**
     * @param code a code from {@link #code()}.
     * @return its state.
     * @throws IllegalArgumentException for a code no state has.
     */
    public static ReservationState fromCode(final int code)
    {
        if (code < 1 || code >= BY_CODE.length)
        {
            throw new IllegalArgumentException("no reservation state has code " + code);
        }
        return BY_CODE[code];
    }
}
