package dev.stockcore.engine.script;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import dev.stockcore.engine.StockEngine;

import java.io.IOException;
import java.io.Reader;

/**
 * Runs the line-oriented script language against a {@link StockEngine}: one command per line, one
 * output line per command (a result name, or the level line for {@code level}).
 * <pre>
 * product &lt;sku&gt;
 * adjust &lt;sku&gt; &lt;delta&gt; [&lt;unitCost&gt;]
 * count &lt;sku&gt; &lt;qty&gt; [&lt;unitCost&gt;]
 * link &lt;consumer&gt; &lt;source&gt;
 * unlink &lt;consumer&gt;
 * time &lt;epochMillis&gt;
 * reserve &lt;id&gt; [ttl=&lt;millis&gt;] &lt;sku&gt; &lt;qty&gt; [&lt;sku&gt; &lt;qty&gt;]...
 * commit &lt;id&gt; [&lt;sku&gt; &lt;qty&gt;]...
 * release &lt;id&gt;
 * level &lt;sku&gt;     -&gt; physical=&lt;n&gt; reserved=&lt;n&gt; available=&lt;n&gt; source=&lt;sku|-&gt;
 * </pre>
 * Syntax is checked for the whole line before any range, so {@code INVALID_COMMAND} always wins over
 * {@code INVALID_QUANTITY}; the engine then decides in its documented order.
 */
public final class ScriptRunner
{
    /**
     * The longest line, in characters before its {@code \n}, that is read as a command (64 KiB). A longer
     * line, comment or not, is one {@code INVALID_COMMAND}: it is skipped as it streams past, never held in
     * memory whole, so no input can exhaust the heap.
     */
    public static final int MAX_LINE_LENGTH = 64 * 1024;

    private static final int MAX_TOKENS = 3 + 2 * EngineLimits.MAX_LINES + 2;
    private static final String INVALID_COMMAND = Result.INVALID_COMMAND.name();
    private static final String INVALID_QUANTITY = Result.INVALID_QUANTITY.name();

    private final StockEngine engine;
    private final OrderLines lines = new OrderLines();
    private final int[] tokenStart = new int[MAX_TOKENS + 1];
    private final int[] tokenEnd = new int[MAX_TOKENS + 1];
    private final StringBuilder out = new StringBuilder(128);
    private CharSequence line;
    private int tokenCount;
    private boolean parseFailed;

    /**
     * @param engine the engine the script drives.
     */
    public ScriptRunner(final StockEngine engine)
    {
        this.engine = engine;
    }

    /** @return the engine the script drives. */
    public StockEngine engine()
    {
        return engine;
    }

    /**
     * Runs every line of a script, writing one output line per command line.
     *
     * @param in  the script; lines end with {@code \n}, a trailing {@code \r} is ignored.
     * @param out where the output lines go.
     * @return the number of commands run.
     * @throws IOException if reading or writing fails.
     */
    public long run(final Reader in, final Appendable out) throws IOException
    {
        final StringBuilder current = new StringBuilder(256);
        final char[] chunk = new char[8192];
        long commands = 0;
        boolean overlong = false;
        int read;
        while ((read = in.read(chunk)) > 0)
        {
            for (int i = 0; i < read; i++)
            {
                final char c = chunk[i];
                if (c == '\n')
                {
                    commands += overlong ? emitOverlong(out) : emit(current, out);
                    current.setLength(0);
                    overlong = false;
                }
                else if (current.length() < MAX_LINE_LENGTH)
                {
                    current.append(c);
                }
                else
                {
                    overlong = true;
                }
            }
        }
        if (overlong)
        {
            commands += emitOverlong(out);
        }
        else if (current.length() > 0)
        {
            commands += emit(current, out);
        }
        return commands;
    }

    private static int emitOverlong(final Appendable out) throws IOException
    {
        out.append(INVALID_COMMAND).append('\n');
        return 1;
    }

    /**
     * The output line of a line longer than {@link #MAX_LINE_LENGTH}: for a caller that splits lines itself
     * and stops keeping a line's characters at the limit.
     *
     * @return {@code INVALID_COMMAND}.
     */
    public CharSequence overlong()
    {
        return INVALID_COMMAND;
    }

    private int emit(final CharSequence text, final Appendable out) throws IOException
    {
        final CharSequence result = execute(text);
        if (result == null)
        {
            return 0;
        }
        out.append(result).append('\n');
        return 1;
    }

    /**
     * Runs one line.
     *
     * @param text the line, without its {@code \n}; one trailing {@code \r} is ignored.
     * @return the output line, or null for a blank or comment line. The returned sequence is reused by
     * the next call.
     */
    public CharSequence execute(final CharSequence text)
    {
        int length = text.length();
        if (length > 0 && text.charAt(length - 1) == '\r')
        {
            length--;
        }
        if (length > 0 && text.charAt(0) == '#')
        {
            return null;
        }
        line = text;
        tokenize(length);
        if (tokenCount == 0)
        {
            return null;
        }
        if (tokenCount > MAX_TOKENS)
        {
            return INVALID_COMMAND;
        }
        parseFailed = false;
        final Object result = dispatch();
        if (result instanceof Result)
        {
            return ((Result)result).name();
        }
        return (CharSequence)result;
    }

    private Object dispatch()
    {
        if (tokenIs(0, "product"))
        {
            return product();
        }
        if (tokenIs(0, "adjust"))
        {
            return stock(true);
        }
        if (tokenIs(0, "count"))
        {
            return stock(false);
        }
        if (tokenIs(0, "link"))
        {
            return link();
        }
        if (tokenIs(0, "unlink"))
        {
            return unlink();
        }
        if (tokenIs(0, "time"))
        {
            return time();
        }
        if (tokenIs(0, "reserve"))
        {
            return reserve();
        }
        if (tokenIs(0, "commit"))
        {
            return commit();
        }
        if (tokenIs(0, "release"))
        {
            return release();
        }
        if (tokenIs(0, "level"))
        {
            return level();
        }
        return Result.INVALID_COMMAND;
    }

    private Result product()
    {
        if (tokenCount != 2)
        {
            return Result.INVALID_COMMAND;
        }
        return engine.addProduct(token(1));
    }

    private Result stock(final boolean adjust)
    {
        if (tokenCount != 3 && tokenCount != 4 || !isSku(1))
        {
            return Result.INVALID_COMMAND;
        }
        final long quantity = parseLong(2);
        final long cost = tokenCount == 4 ? parseCost(3) : EngineLimits.NO_COST;
        if (parseFailed)
        {
            return Result.INVALID_COMMAND;
        }
        if (adjust ? quantity == 0 || quantity > EngineLimits.MAX_ADJUST_DELTA ||
            quantity < -EngineLimits.MAX_ADJUST_DELTA : quantity < 0 || quantity > EngineLimits.MAX_COUNT)
        {
            return Result.INVALID_QUANTITY;
        }
        final int product = engine.productIndex(token(1));
        if (product < 0)
        {
            return Result.UNKNOWN_PRODUCT;
        }
        return adjust ? engine.adjust(product, quantity, cost) : engine.count(product, quantity, cost);
    }

    private Result link()
    {
        if (tokenCount != 3 || !isSku(1) || !isSku(2))
        {
            return Result.INVALID_COMMAND;
        }
        return engine.link(engine.productIndex(token(1)), engine.productIndex(token(2)));
    }

    private Result unlink()
    {
        if (tokenCount != 2 || !isSku(1))
        {
            return Result.INVALID_COMMAND;
        }
        return engine.unlink(engine.productIndex(token(1)));
    }

    private Result time()
    {
        if (tokenCount != 2)
        {
            return Result.INVALID_COMMAND;
        }
        final long now = parseLong(1);
        return parseFailed ? Result.INVALID_COMMAND : engine.advanceTime(now);
    }

    private Result reserve()
    {
        if (tokenCount < 2)
        {
            return Result.INVALID_COMMAND;
        }
        final long id = parseLong(1);
        int first = 2;
        long ttl = EngineLimits.NO_TTL;
        boolean ttlInRange = true;
        if (tokenCount > 2 && startsWith(2, "ttl="))
        {
            ttl = parseLong(2, 4);
            ttlInRange = ttl >= 1 && ttl <= EngineLimits.MAX_TTL_MILLIS;
            first = 3;
        }
        final int pairs = tokenCount - first;
        if (parseFailed || id <= 0 || pairs < 2 || (pairs & 1) != 0 || pairs / 2 > EngineLimits.MAX_LINES)
        {
            return Result.INVALID_COMMAND;
        }
        if (!parseLines(first))
        {
            return Result.INVALID_COMMAND;
        }
        if (!ttlInRange)
        {
            return Result.INVALID_QUANTITY;
        }
        return engine.reserve(id, ttl, lines);
    }

    private Result commit()
    {
        if (tokenCount < 2)
        {
            return Result.INVALID_COMMAND;
        }
        final long id = parseLong(1);
        final int pairs = tokenCount - 2;
        if (parseFailed || id <= 0 || (pairs & 1) != 0 || pairs / 2 > EngineLimits.MAX_LINES)
        {
            return Result.INVALID_COMMAND;
        }
        if (!parseLines(2))
        {
            return Result.INVALID_COMMAND;
        }
        return engine.commit(id, lines);
    }

    private Result release()
    {
        if (tokenCount != 2)
        {
            return Result.INVALID_COMMAND;
        }
        final long id = parseLong(1);
        if (parseFailed || id <= 0)
        {
            return Result.INVALID_COMMAND;
        }
        return engine.release(id);
    }

    private Object level()
    {
        if (tokenCount != 2 || !isSku(1))
        {
            return Result.INVALID_COMMAND;
        }
        final int product = engine.productIndex(token(1));
        if (product < 0)
        {
            return Result.UNKNOWN_PRODUCT;
        }
        final int source = engine.source(product);
        out.setLength(0);
        out.append("physical=").append(engine.physical(product));
        out.append(" reserved=").append(source >= 0 ? engine.reservedOrdered(product) : engine.reservedHeld(product));
        out.append(" available=").append(engine.available(product));
        out.append(" source=");
        if (source >= 0)
        {
            engine.appendSku(source, out);
        }
        else
        {
            out.append('-');
        }
        return out;
    }

    /**
     * Parses (sku, qty) pairs from token {@code first} into {@link #lines}. Unregistered SKUs become
     * product -1, which the engine reports as UNKNOWN_PRODUCT (reserve) or LINE_NOT_FOUND (commit).
     *
     * @return false on a syntax error.
     */
    private boolean parseLines(final int first)
    {
        lines.clear();
        for (int t = first; t < tokenCount; t += 2)
        {
            if (!isSku(t))
            {
                return false;
            }
            final long quantity = parseLong(t + 1);
            if (parseFailed)
            {
                return false;
            }
            lines.add(engine.productIndex(token(t)), quantity);
        }
        return true;
    }

    private void tokenize(final int length)
    {
        int count = 0;
        int i = 0;
        while (i < length)
        {
            final char c = line.charAt(i);
            if (c == ' ' || c == '\t')
            {
                i++;
                continue;
            }
            final int start = i;
            while (i < length && line.charAt(i) != ' ' && line.charAt(i) != '\t')
            {
                i++;
            }
            if (count <= MAX_TOKENS)
            {
                tokenStart[count] = start;
                tokenEnd[count] = i;
            }
            count++;
        }
        tokenCount = count;
    }

    private CharSequence token(final int t)
    {
        return line.subSequence(tokenStart[t], tokenEnd[t]);
    }

    private boolean tokenIs(final int t, final String expected)
    {
        final int start = tokenStart[t];
        if (tokenEnd[t] - start != expected.length())
        {
            return false;
        }
        for (int i = 0; i < expected.length(); i++)
        {
            if (line.charAt(start + i) != expected.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    private boolean startsWith(final int t, final String prefix)
    {
        final int start = tokenStart[t];
        if (tokenEnd[t] - start < prefix.length())
        {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++)
        {
            if (line.charAt(start + i) != prefix.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    private boolean isSku(final int t)
    {
        final int length = tokenEnd[t] - tokenStart[t];
        if (length < 1 || length > EngineLimits.MAX_SKU_LENGTH)
        {
            return false;
        }
        for (int i = tokenStart[t]; i < tokenEnd[t]; i++)
        {
            if (!EngineLimits.isSkuChar(line.charAt(i)))
            {
                return false;
            }
        }
        return true;
    }

    private long parseLong(final int t)
    {
        return parseLong(t, 0);
    }

    /**
     * An optional '-' then one or more ASCII digits, fitting a signed long; anything else sets
     * {@link #parseFailed}.
     */
    private long parseLong(final int t, final int skip)
    {
        int i = tokenStart[t] + skip;
        final int end = tokenEnd[t];
        final boolean negative = i < end && line.charAt(i) == '-';
        if (negative)
        {
            i++;
        }
        if (i == end)
        {
            parseFailed = true;
            return 0;
        }
        // Accumulate negatively so that Long.MIN_VALUE parses.
        long value = 0;
        for (; i < end; i++)
        {
            final char c = line.charAt(i);
            if (c < '0' || c > '9' || value < Long.MIN_VALUE / 10)
            {
                parseFailed = true;
                return 0;
            }
            final long next = value * 10 - (c - '0');
            if (next > value)
            {
                parseFailed = true;
                return 0;
            }
            value = next;
        }
        if (!negative)
        {
            if (value == Long.MIN_VALUE)
            {
                parseFailed = true;
                return 0;
            }
            return -value;
        }
        return value;
    }

    /**
     * {@code [0-9]+(\.[0-9]{1,4})?} as a fixed-point value with 4 decimals; a value too large for a long
     * sets {@link #parseFailed}.
     */
    private long parseCost(final int t)
    {
        int i = tokenStart[t];
        final int end = tokenEnd[t];
        long units = 0;
        int digits = 0;
        while (i < end && line.charAt(i) >= '0' && line.charAt(i) <= '9')
        {
            if (units > (Long.MAX_VALUE - 9) / 10)
            {
                parseFailed = true;
                return 0;
            }
            units = units * 10 + (line.charAt(i) - '0');
            digits++;
            i++;
        }
        if (digits == 0)
        {
            parseFailed = true;
            return 0;
        }
        long fraction = 0;
        int fractionDigits = 0;
        if (i < end)
        {
            if (line.charAt(i) != '.')
            {
                parseFailed = true;
                return 0;
            }
            i++;
            while (i < end && line.charAt(i) >= '0' && line.charAt(i) <= '9' && fractionDigits < 5)
            {
                fraction = fraction * 10 + (line.charAt(i) - '0');
                fractionDigits++;
                i++;
            }
            if (i != end || fractionDigits < 1 || fractionDigits > 4)
            {
                parseFailed = true;
                return 0;
            }
        }
        for (int d = fractionDigits; d < 4; d++)
        {
            fraction *= 10;
        }
        if (units > (Long.MAX_VALUE - fraction) / EngineLimits.COST_SCALE)
        {
            parseFailed = true;
            return 0;
        }
        return units * EngineLimits.COST_SCALE + fraction;
    }
}
