package dev.stockcore.bench.report;

/**
 * A small streaming JSON writer, enough for {@code summary.json}: objects, arrays, strings, numbers, booleans and
 * null, indented two spaces. A number that is null, NaN or infinite is written as {@code null}. Strings escape
 * quote and backslash with a backslash and every other character JSON or JavaScript cannot hold raw (controls,
 * U+2028, U+2029) as a six-character Unicode escape; the benchmark keeps its own writer so that it needs nothing
 * from the operator command line's module.
 */
public final class JsonWriter
{
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder();
    private final boolean[] first = new boolean[32];
    private int depth;
    private boolean afterName;

    /**
     * Opens an object.
     *
     * @return this.
     */
    public JsonWriter beginObject()
    {
        return open('{');
    }

    /**
     * Closes the innermost object.
     *
     * @return this.
     */
    public JsonWriter endObject()
    {
        return close('}');
    }

    /**
     * Opens an array.
     *
     * @return this.
     */
    public JsonWriter beginArray()
    {
        return open('[');
    }

    /**
     * Closes the innermost array.
     *
     * @return this.
     */
    public JsonWriter endArray()
    {
        return close(']');
    }

    /**
     * Writes a member name; its value follows.
     *
     * @param name the name.
     * @return this.
     */
    public JsonWriter name(final String name)
    {
        separate();
        string(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    /**
     * @param value a number, or null.
     * @return this.
     */
    public JsonWriter value(final Number value)
    {
        separate();
        if (value == null || (value instanceof Double && !Double.isFinite((Double)value)))
        {
            out.append("null");
        }
        else if (value instanceof Double || value instanceof Float)
        {
            final double d = value.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15)
            {
                out.append((long)d);
            }
            else
            {
                out.append(java.math.BigDecimal.valueOf(d).setScale(3, java.math.RoundingMode.HALF_UP)
                    .stripTrailingZeros().toPlainString());
            }
        }
        else
        {
            out.append(value.longValue());
        }
        return this;
    }

    /**
     * @param value a string, or null.
     * @return this.
     */
    public JsonWriter value(final String value)
    {
        separate();
        if (value == null)
        {
            out.append("null");
        }
        else
        {
            string(value);
        }
        return this;
    }

    /**
     * @param value a boolean.
     * @return this.
     */
    public JsonWriter value(final boolean value)
    {
        separate();
        out.append(value);
        return this;
    }

    /**
     * @return the document written so far, with a final newline.
     */
    @Override
    public String toString()
    {
        return out + "\n";
    }

    private JsonWriter open(final char bracket)
    {
        separate();
        out.append(bracket);
        first[++depth] = true;
        return this;
    }

    private JsonWriter close(final char bracket)
    {
        final boolean empty = first[depth];
        depth--;
        if (!empty)
        {
            newline();
        }
        out.append(bracket);
        return this;
    }

    private void separate()
    {
        if (afterName)
        {
            afterName = false;
            return;
        }
        if (depth > 0)
        {
            if (!first[depth])
            {
                out.append(',');
            }
            first[depth] = false;
            newline();
        }
    }

    private void newline()
    {
        out.append('\n');
        for (int i = 0; i < depth; i++)
        {
            out.append("  ");
        }
    }

    private void string(final String value)
    {
        out.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c < 0x20 || c == 0x2028 || c == 0x2029)
            {
                out.append("\\u");
                for (int shift = 12; shift >= 0; shift -= 4)
                {
                    out.append(HEX_DIGITS[(c >> shift) & 0xF]);
                }
            }
            else
            {
                out.append(c);
            }
        }
        out.append('"');
    }
}
