package dev.stockcore.engine;

/**
 * A reusable answer to "what do you know of reservation id X?", filled by
 * {@link StockEngine#reservation(long, ReservationStatus)}: its {@link ReservationState}, its deadline and, while
 * it is open, its lines. Fixed-size arrays for {@link EngineLimits#MAX_LINES} lines, so filling it allocates
 * nothing; create one per calling thread and reuse it.
 * <p>
 * Lines are the reservation's own, in the order the engine stored them: the order's lines with lines of the same
 * product merged, in order of first appearance (the line index the movements carry). A line's {@code ordered}
 * product is the one the order named (B for an order taken through a consumer), its {@code holder} the product
 * whose stock it holds (B's source A), {@code remaining} what is still neither committed nor returned.
 */
public final class ReservationStatus
{
    /** {@link #deadline()} of a reservation that has no time-to-live, or is not open. */
    public static final long NO_DEADLINE = -1L;

    private final int[] ordered = new int[EngineLimits.MAX_LINES];
    private final int[] holder = new int[EngineLimits.MAX_LINES];
    private final long[] remaining = new long[EngineLimits.MAX_LINES];
    private long reservationId;
    private ReservationState state = ReservationState.UNKNOWN;
    private long deadline = NO_DEADLINE;
    private long closedAt = NO_DEADLINE;
    private int lineCount;

    /** @return the id asked about. */
    public long reservationId()
    {
        return reservationId;
    }

    /** @return what the engine knows of it. */
    public ReservationState state()
    {
        return state;
    }

    /**
     * @return engine time (epoch milliseconds) at which an open reservation expires, or {@link #NO_DEADLINE}
     * when it has no time-to-live or is not open (the engine keeps only the close time of a closed one).
     */
    public long deadline()
    {
        return deadline;
    }

    /**
     * @return engine time (epoch milliseconds) at which a CLOSED or EXPIRED reservation closed, else
     * {@link #NO_DEADLINE}.
     */
    public long closedAt()
    {
        return closedAt;
    }

    /** @return the number of lines of an OPEN reservation (0 otherwise), those with nothing remaining included. */
    public int lineCount()
    {
        return lineCount;
    }

    /**
     * @param line 0 to {@link #lineCount()} - 1.
     * @return the product index the order named on that line.
     */
    public int ordered(final int line)
    {
        return ordered[checkLine(line)];
    }

    /**
     * @param line 0 to {@link #lineCount()} - 1.
     * @return the product index whose physical stock the line holds.
     */
    public int holder(final int line)
    {
        return holder[checkLine(line)];
    }

    /**
     * @param line 0 to {@link #lineCount()} - 1.
     * @return units still reserved on that line (0 once committed or released).
     */
    public long remaining(final int line)
    {
        return remaining[checkLine(line)];
    }

    @Override
    public String toString()
    {
        final StringBuilder out = new StringBuilder(64).append("reservation ").append(reservationId)
            .append(' ').append(state).append(" deadline=").append(deadline);
        for (int i = 0; i < lineCount; i++)
        {
            out.append(" [").append(ordered[i]).append("->").append(holder[i]).append(' ').append(remaining[i])
                .append(']');
        }
        return out.toString();
    }

    void reset(final long reservationId, final ReservationState state, final long deadline, final long closedAt)
    {
        this.reservationId = reservationId;
        this.state = state;
        this.deadline = deadline;
        this.closedAt = closedAt;
        this.lineCount = 0;
    }

    void addLine(final int orderedProduct, final int holderProduct, final long remainingQuantity)
    {
        ordered[lineCount] = orderedProduct;
        holder[lineCount] = holderProduct;
        remaining[lineCount] = remainingQuantity;
        lineCount++;
    }

    private int checkLine(final int line)
    {
        if (line < 0 || line >= lineCount)
        {
            throw new IndexOutOfBoundsException("line " + line + " of " + lineCount);
        }
        return line;
    }
}
