package dev.stockcore.journal.feed;

import dev.stockcore.engine.StockEngine;

/**
 * One availability change as a JSON object on one line, the shape a shop webhook would post:
 * <pre>
 * {"sku":"OIL-1L","available":98,"sequence":42}
 * {"sku":"OIL-GIFTBOX","available":98,"sequence":42,"source":"OIL-1L"}
 * </pre>
 * Always {@code sku}, {@code available} and {@code sequence} first, in this order; {@code source} follows only
 * for a product that consumes another's stock (a virtual product), naming that source as of the change.
 * SKUs are {@code [A-Za-z0-9._-]} by the engine's rule; a quote, backslash or control character is escaped
 * all the same, so a line is valid JSON whatever a journal holds. Appends to a caller's
 * {@link StringBuilder} without allocating.
 */
public final class AvailabilityJson
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private AvailabilityJson()
    {
    }

    /**
     * Appends one change as a JSON object, without a line end.
     *
     * @param replica   the engine naming the products (the feed's replica).
     * @param product   the product whose availability changed.
     * @param available its availability now.
     * @param sequence  the sequence of the change.
     * @param out       where to append.
     * @return {@code out}.
     */
    public static StringBuilder append(
        final StockEngine replica, final int product, final long available, final long sequence, final StringBuilder out)
    {
        out.append("{\"sku\":\"");
        appendSku(replica, product, out);
        out.append("\",\"available\":").append(available).append(",\"sequence\":").append(sequence);
        final int source = replica.source(product);
        if (source >= 0)
        {
            out.append(",\"source\":\"");
            appendSku(replica, source, out);
            out.append('"');
        }
        return out.append('}');
    }

    private static void appendSku(final StockEngine replica, final int product, final StringBuilder out)
    {
        final int start = out.length();
        replica.appendSku(product, out);
        for (int i = start; i < out.length(); i++)
        {
            final char c = out.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20)
            {
                escapeFrom(out, i);
                return;
            }
        }
    }

    /** Rewrites the end of {@code out} with JSON escapes, from the first character that needs one (never in practice). */
    private static void escapeFrom(final StringBuilder out, final int firstToEscape)
    {
        final String raw = out.substring(firstToEscape);
        out.setLength(firstToEscape);
        for (int i = 0; i < raw.length(); i++)
        {
            final char c = raw.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
            else
            {
                out.append(c);
            }
        }
    }
}
