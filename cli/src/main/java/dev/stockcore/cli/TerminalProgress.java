package dev.stockcore.cli;

import dev.stockcore.journal.Recovery;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress line of a long job (a replay, an import or export): once it has run for a second, one line on
 * stderr, rewritten in place with {@code \r}, with the percentage done, the count of what it works through
 * (movements, rows) and the rate; erased by {@link #finish()}. Prints nothing when not on a terminal, so logs
 * and pipes stay clean.
 */
final class TerminalProgress implements Recovery.Progress
{
    /** Replays shorter than this show no progress at all. */
    static final long QUIET_NANOS = 1_000_000_000L;
    private static final long REFRESH_NANOS = 250_000_000L;

    private final PrintWriter err;
    private final String label;
    private final String unit;
    private final boolean enabled;
    private long shownAtNanos = -REFRESH_NANOS;
    private int shownLength;

    /**
     * A replay's progress line, counting movements.
     *
     * @param err     where the line goes.
     * @param label   what is replaying, e.g. {@code recover}.
     * @param enabled false to print nothing (not a terminal).
     */
    TerminalProgress(final PrintWriter err, final String label, final boolean enabled)
    {
        this(err, label, "movements", enabled);
    }

    /**
     * @param err     where the line goes.
     * @param label   what is running, e.g. {@code import}.
     * @param unit    what the count counts, plural, e.g. {@code rows}.
     * @param enabled false to print nothing (not a terminal).
     */
    TerminalProgress(final PrintWriter err, final String label, final String unit, final boolean enabled)
    {
        this.err = err;
        this.label = label;
        this.unit = unit;
        this.enabled = enabled;
    }

    @Override
    public void onProgress(final long done, final long total, final long count, final long nanos)
    {
        if (!enabled || nanos < QUIET_NANOS || nanos - shownAtNanos < REFRESH_NANOS)
        {
            return;
        }
        shownAtNanos = nanos;
        final String percent = total > 0 ?
            String.format(Locale.ROOT, "%3d%%", Math.min(100, done * 100 / total)) : "";
        final String text = String.format(Locale.ROOT, "%s: %s %,d %s, %,d %s/s",
            label, percent, count, unit, (long)(count * 1e9 / nanos), unit);
        err.print('\r');
        err.print(text);
        for (int i = text.length(); i < shownLength; i++)
        {
            err.print(' ');
        }
        err.flush();
        shownLength = Math.max(shownLength, text.length());
    }

    /**
     * Erases the line, if one was shown; call when the replay ends, however it ends.
     */
    void finish()
    {
        if (shownLength > 0)
        {
            err.print('\r');
            err.print(" ".repeat(shownLength));
            err.print('\r');
            err.flush();
            shownLength = 0;
        }
    }

    /**
     * Whether this process talks to a terminal. {@code System.console()} is null when stdin or stdout is
     * redirected up to JDK 21; from JDK 22 it may return a console anyway, whose {@code isTerminal()} (not
     * in the JDK 17 API this builds against, hence the one reflective call) tells.
     *
     * @return true on an interactive terminal.
     */
    static boolean isTerminal()
    {
        final Console console = System.console();
        if (console == null)
        {
            return false;
        }
        if (Runtime.version().feature() < 22)
        {
            return true;
        }
        try
        {
            return (Boolean)Console.class.getMethod("isTerminal").invoke(console);
        }
        catch (final ReflectiveOperationException ex)
        {
            return true;
        }
    }
}
