package dev.stockcore.report;

/**
 * JSON string literals: the one escaper the report's JSON and the benchmark summary share.
 */
public final class JsonText
{
    private JsonText()
    {
    }

    /**
     * Appends {@code value} as a JSON string: quoted, with quotes, backslashes, control characters and the
     * JavaScript line separators U+2028/U+2029 escaped.
     *
     * @param out   where to append.
     * @param value the text.
     * @return {@code out}.
     */
    public static StringBuilder appendQuoted(final StringBuilder out, final CharSequence value)
    {
        out.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c == 0x2028 || c == 0x2029)
                    {
                        out.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
            }
        }
        return out.append('"');
    }
}
