package dev.stockcore.cli;

import dev.stockcore.engine.StockEngine;
import dev.stockcore.journal.feed.AvailabilityJson;
import dev.stockcore.journal.feed.AvailabilityHandler;

import java.io.PrintWriter;

/**
 * Prints availability changes as {@link AvailabilityJson} lines. Lines gather in a buffer that is handed to
 * the writer every 32 KiB and at {@link #flush()}, as one {@code char[]} write: no String per line, and the
 * command decides when output is flushed (per poll, not per line).
 */
final class AvailabilityPrinter implements AvailabilityHandler
{
    private static final int HAND_OVER_AT = 1 << 15;

    private final PrintWriter out;
    private final StringBuilder lines = new StringBuilder(HAND_OVER_AT + 256);
    private char[] chars = new char[HAND_OVER_AT + 256];
    private boolean handedOver;

    /**
     * @param out where the lines go.
     */
    AvailabilityPrinter(final PrintWriter out)
    {
        this.out = out;
    }

    @Override
    public void onAvailability(final StockEngine replica, final int product, final long available, final long sequence)
    {
        AvailabilityJson.append(replica, product, available, sequence, lines).append('\n');
        if (lines.length() >= HAND_OVER_AT)
        {
            handOver();
        }
    }

    /** @return whether lines were printed since the last flush. */
    boolean hasUnflushed()
    {
        return handedOver || lines.length() > 0;
    }

    /**
     * Writes the buffered lines and flushes the output.
     *
     * @return false if the output is gone (a closed pipe): nobody reads the feed any more.
     */
    boolean flush()
    {
        handOver();
        out.flush();
        handedOver = false;
        return !out.checkError();
    }

    private void handOver()
    {
        final int length = lines.length();
        if (length == 0)
        {
            return;
        }
        if (length > chars.length)
        {
            chars = new char[length];
        }
        lines.getChars(0, length, chars, 0);
        out.write(chars, 0, length);
        lines.setLength(0);
        handedOver = true;
    }
}
