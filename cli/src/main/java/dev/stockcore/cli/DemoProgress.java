package dev.stockcore.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The demo's live progress line on stderr: orders/s and p99 latency. On a terminal the line is rewritten in
 * place with {@code \r} at every update; otherwise one line is printed per second, so that logs stay readable.
 */
final class DemoProgress
{
    private static final long LINE_EVERY_NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private long shownAtNanos;
    private long shownAnswered;
    private long maxP99Nanos;
    private int shownLength;

    /**
     * @param err      where the line goes.
     * @param terminal rewrite one line in place (true) or print a line per second (false).
     */
    DemoProgress(final PrintWriter err, final boolean terminal)
    {
        this.err = err;
        this.terminal = terminal;
    }

    /**
     * Starts a phase: rates are measured from here.
     *
     * @param nowNanos  {@link System#nanoTime()}.
     * @param answered  orders answered so far.
     */
    void start(final long nowNanos, final long answered)
    {
        shownAtNanos = nowNanos;
        shownAnswered = answered;
        maxP99Nanos = 0;
    }

    /**
     * @param label        which process takes the orders.
     * @param seconds      time since the load started.
     * @param nowNanos     {@link System#nanoTime()}.
     * @param answered     orders answered so far.
     * @param p99Nanos     p99 latency of the last interval.
     * @param reservations reservations acknowledged so far.
     * @param refused      orders refused for lack of stock so far.
     */
    void update(final String label, final double seconds, final long nowNanos, final long answered,
        final long p99Nanos, final long reservations, final long refused)
    {
        maxP99Nanos = Math.max(maxP99Nanos, p99Nanos);
        final long elapsed = nowNanos - shownAtNanos;
        if (elapsed <= 0 || (!terminal && elapsed < LINE_EVERY_NANOS))
        {
            return;
        }
        final String text = String.format(Locale.ROOT,
            "demo: %s %5.1f s %,9d orders/s  p99 %7.2f ms  %,d reserved  %,d refused (no stock)",
            label, seconds, (long)((answered - shownAnswered) * 1e9 / elapsed), maxP99Nanos / 1e6, reservations,
            refused);
        if (terminal)
        {
            err.print('\r');
            err.print(text);
            for (int i = text.length(); i < shownLength; i++)
            {
                err.print(' ');
            }
            shownLength = Math.max(shownLength, text.length());
        }
        else
        {
            err.println(text);
        }
        err.flush();
        shownAtNanos = nowNanos;
        shownAnswered = answered;
        maxP99Nanos = 0;
    }

    /** Ends the line on a terminal, keeping the last figures on screen. */
    void finish()
    {
        if (terminal && shownLength > 0)
        {
            err.println();
            err.flush();
            shownLength = 0;
        }
    }
}
