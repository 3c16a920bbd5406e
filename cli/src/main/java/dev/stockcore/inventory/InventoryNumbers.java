package dev.stockcore.inventory;

import dev.stockcore.engine.EngineLimits;

/**
 * The numbers of the inventory file: whole quantities and unit costs with up to 4 decimals, parsed without
 * exceptions (a bad field is an expected condition: the result is a negative code, see the constants) and
 * costs formatted with exactly 4 decimals, so that an export parses back to the same value.
 */
public final class InventoryNumbers
{
    /** The field is empty. */
    public static final long EMPTY = -2;
    /** Not digits (with at most one decimal point). */
    public static final long NOT_A_NUMBER = -3;
    /** A minus sign. */
    public static final long NEGATIVE = -4;
    /** A quantity with decimals. */
    public static final long NOT_WHOLE = -5;
    /** A cost with more than 4 decimals. */
    public static final long TOO_MANY_DECIMALS = -6;
    /** Beyond what a signed 64-bit value holds (a quantity) or holds in 1/10000 units (a cost). */
    public static final long TOO_LARGE = -7;
    /** Decimals of a cost. */
    public static final int COST_DECIMALS = 4;

    private InventoryNumbers()
    {
    }

    /**
     * Parses a quantity: ASCII digits only.
     *
     * @param field the field.
     * @return the quantity, or {@link #EMPTY}, {@link #NEGATIVE}, {@link #NOT_WHOLE}, {@link #NOT_A_NUMBER} or
     * {@link #TOO_LARGE}.
     */
    public static long parseQuantity(final String field)
    {
        final long scaled = parseDecimal(field, Integer.MAX_VALUE);
        if (scaled < 0)
        {
            return scaled;
        }
        return field.indexOf('.') >= 0 ? NOT_WHOLE : parseDecimal(field, 0);
    }

    /**
     * Parses a unit cost: digits, optionally a dot and 1 to 4 digits, in 1/10000 units.
     *
     * @param field the field.
     * @return the cost in 1/10000 units, or {@link #EMPTY}, {@link #NEGATIVE}, {@link #TOO_MANY_DECIMALS},
     * {@link #NOT_A_NUMBER} or {@link #TOO_LARGE}.
     */
    public static long parseCost(final String field)
    {
        return parseDecimal(field, COST_DECIMALS);
    }

    /**
     * Formats a unit cost with exactly 4 decimals: {@code 125000} is {@code 12.5000}.
     *
     * @param cost in 1/10000 units, 0 or more.
     * @return the decimal.
     */
    public static String formatCost(final long cost)
    {
        final StringBuilder out = new StringBuilder(24);
        appendCost(cost, out);
        return out.toString();
    }

    /**
     * Appends a unit cost with exactly 4 decimals.
     *
     * @param cost in 1/10000 units, 0 or more.
     * @param out  where to append.
     * @return out.
     */
    public static StringBuilder appendCost(final long cost, final StringBuilder out)
    {
        out.append(cost / EngineLimits.COST_SCALE).append('.');
        final long fraction = cost % EngineLimits.COST_SCALE;
        for (long unit = EngineLimits.COST_SCALE / 10; unit > fraction && unit > 1; unit /= 10)
        {
            out.append('0');
        }
        return out.append(fraction);
    }

    /**
     * Parses {@code digits[.digits]} scaled by 10^decimals; more decimals than allowed is
     * {@link #TOO_MANY_DECIMALS} (with {@code Integer.MAX_VALUE} decimals nothing is scaled: only the syntax
     * is checked and 0 returned).
     */
    private static long parseDecimal(final String field, final int decimals)
    {
        final int length = field.length();
        if (length == 0)
        {
            return EMPTY;
        }
        if (field.charAt(0) == '-' && length > 1 && isNumberSyntax(field, 1))
        {
            return NEGATIVE;
        }
        if (!isNumberSyntax(field, 0))
        {
            return NOT_A_NUMBER;
        }
        if (decimals == Integer.MAX_VALUE)
        {
            return 0;
        }
        final int dot = field.indexOf('.');
        final int fractionDigits = dot < 0 ? 0 : length - dot - 1;
        if (fractionDigits > decimals)
        {
            return TOO_MANY_DECIMALS;
        }
        long value = 0;
        for (int i = 0; i < length; i++)
        {
            final char c = field.charAt(i);
            if (c != '.')
            {
                if (value > (Long.MAX_VALUE - (c - '0')) / 10)
                {
                    return TOO_LARGE;
                }
                value = value * 10 + (c - '0');
            }
        }
        for (int i = fractionDigits; i < decimals; i++)
        {
            if (value > Long.MAX_VALUE / 10)
            {
                return TOO_LARGE;
            }
            value *= 10;
        }
        return value;
    }

    /** Digits, then optionally a dot followed by at least one digit. */
    private static boolean isNumberSyntax(final String field, final int from)
    {
        final int length = field.length();
        int i = from;
        int digits = 0;
        while (i < length && isDigit(field.charAt(i)))
        {
            i++;
            digits++;
        }
        if (digits == 0)
        {
            return false;
        }
        if (i == length)
        {
            return true;
        }
        if (field.charAt(i) != '.')
        {
            return false;
        }
        i++;
        int fraction = 0;
        while (i < length && isDigit(field.charAt(i)))
        {
            i++;
            fraction++;
        }
        return fraction > 0 && i == length;
    }

    private static boolean isDigit(final char c)
    {
        return c >= '0' && c <= '9';
    }
}
