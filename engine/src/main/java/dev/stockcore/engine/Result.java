package dev.stockcore.engine;

/**
 * The answer to every engine command. Rejections are results, never exceptions.
 * <p>
 * Each value carries an explicit, stable numeric {@link #code()}: codes are persisted and sent
 * across processes, so they never depend on declaration order. New values get new codes;
 * existing codes are never reused.
 */
public enum Result
{
    /** The command was applied (or was a no-op that is still a success, such as a count equal to stock). */
    OK(0),
    /** Malformed command: bad token, wrong arity, id &lt;= 0, too many lines, time going backwards. */
    INVALID_COMMAND(1),
    /** A quantity, delta or ttl of zero or out of range, or more than is left on a line. */
    INVALID_QUANTITY(2),
    /** A product index or SKU that is not registered. */
    UNKNOWN_PRODUCT(3),
    /** The SKU is registered already. */
    DUPLICATE_PRODUCT(4),
    /**
     * Not enough available stock, or an adjustment/count that would go below zero or below what is held
     * (reservedHeld).
     */
    INSUFFICIENT_STOCK(5),
    /** A product cannot consume its own stock. */
    SELF_LINK(6),
    /** The consumer already consumes a source (rule 2). */
    ALREADY_LINKED(7),
    /** Only a product with no physical stock and nothing held against it may become a consumer (rule 4). */
    CONSUMER_HAS_STOCK(8),
    /** A consumer's physical stock cannot be moved (rule 5). */
    CONSUMER_STOCK_LOCKED(9),
    /** The intended source is itself a consumer: no chains (rule 6). */
    SOURCE_IS_CONSUMER(10),
    /** The intended consumer has consumers of its own: no chains (rule 6). */
    CONSUMER_IS_SOURCE(11),
    /** Unlink of a product that consumes no source. */
    NOT_LINKED(12),
    /** A reservation id that is open, or closed within the retention window. */
    DUPLICATE_RESERVATION(13),
    /** A reservation id the engine does not know (never seen, or forgotten after retention). */
    UNKNOWN_RESERVATION(14),
    /** The reservation was committed or released completely. */
    RESERVATION_CLOSED(15),
    /** The reservation's last open quantity expired. */
    RESERVATION_EXPIRED(16),
    /** A commit names a SKU that is not on the reservation. */
    LINE_NOT_FOUND(17),
    /**
     * Runtime only: the command ring was full for longer than the configured wait; nothing was applied and
     * the caller may retry. The engine itself never returns it.
     */
    BACK_PRESSURED(18),
    /**
     * Runtime only: the engine agent failed (an exception while applying or journaling), so the command was not
     * acknowledged. Commands acknowledged before the failure are in the journal; this one may or may not be, so
     * after a restart query it (for a reservation, its state) before retrying.
     */
    ENGINE_FAILED(19),
    /** Runtime only: the runtime was closed before the command could be applied; nothing was applied. */
    RUNTIME_CLOSED(20);

    private static final Result[] BY_CODE;

    static
    {
        final Result[] values = values();
        int max = 0;
        for (final Result r : values)
        {
            max = Math.max(max, r.code);
        }
        BY_CODE = new Result[max + 1];
        for (final Result r : values)
        {
            if (BY_CODE[r.code] != null)
            {
                throw new IllegalStateException("duplicate result code " + r.code);
            }
            BY_CODE[r.code] = r;
        }
    }

    private final int code;

    Result(final int code)
    {
        this.code = code;
    }

    /**
     * The stable numeric code of this result.
     *
     * @return the code, as persisted and sent across processes.
     */
    public int code()
    {
        return code;
    }

    /**
     * The result for a stable numeric code.
     *
     * @param code as returned by {@link #code()}.
     * @return the result.
     * @throws IllegalArgumentException if no result has this code.
     */
    public static Result fromCode(final int code)
    {
        if (code < 0 || code >= BY_CODE.length || BY_CODE[code] == null)
        {
            throw new IllegalArgumentException("unknown result code " + code);
        }
        return BY_CODE[code];
    }
}
