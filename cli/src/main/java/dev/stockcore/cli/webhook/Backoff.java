package dev.stockcore.cli.webhook;

/**
 * The delays between attempts at one request: {@code initial}, then doubled after each failure, capped at
 * {@code max} ({@value #INITIAL_DELAY_MILLIS} ms, {@value #INITIAL_DELAY_MILLIS}×2... up to
 * {@value #MAX_DELAY_MILLIS} ms by default). No jitter: one process sends to one receiver, so there is no herd
 * to spread, and a fixed sequence is what an operator reading the log (and a test) can predict.
 * {@link #reset()} after a success starts the next request's failures from {@code initial} again.
 */
public final class Backoff
{
    /** First delay after a failure. */
    public static final long INITIAL_DELAY_MILLIS = 250;
    /** Longest delay between two attempts. */
    public static final long MAX_DELAY_MILLIS = 30_000;

    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;
    private int failures;

    /** The default delays: {@value #INITIAL_DELAY_MILLIS} ms doubling up to {@value #MAX_DELAY_MILLIS} ms. */
    public Backoff()
    {
        this(INITIAL_DELAY_MILLIS, MAX_DELAY_MILLIS);
    }

    /**
     * @param initialMillis first delay, 1 or more.
     * @param maxMillis     cap, at least {@code initialMillis}.
     */
    public Backoff(final long initialMillis, final long maxMillis)
    {
        if (initialMillis < 1 || maxMillis < initialMillis)
        {
            throw new IllegalArgumentException("backoff needs 1 <= initial <= max: " + initialMillis + ", " + maxMillis);
        }
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.nextMillis = initialMillis;
    }

    /**
     * Counts a failure and says how long to wait before the next attempt.
     *
     * @return the delay in milliseconds.
     */
    public long nextDelayMillis()
    {
        final long delay = nextMillis;
        failures++;
        nextMillis = delay >= maxMillis / 2 ? maxMillis : delay * 2;
        return delay;
    }

    /** @return failures since the last {@link #reset()}. */
    public int failures()
    {
        return failures;
    }

    /** A success: the next failure waits {@code initial} again. */
    public void reset()
    {
        nextMillis = initialMillis;
        failures = 0;
    }
}
