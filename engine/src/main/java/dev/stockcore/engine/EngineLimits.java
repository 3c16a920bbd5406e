package dev.stockcore.engine;

/**
 * Ranges the engine accepts. Values outside them are {@link Result#INVALID_QUANTITY} (quantities)
 * or {@link Result#INVALID_COMMAND} (structure).
 */
public final class EngineLimits
{
    /** Most lines one reservation or commit may carry, before merging lines of the same SKU. */
    public static final int MAX_LINES = 64;
    /** Largest quantity on one reserve or commit line. */
    public static final long MAX_LINE_QUANTITY = 1_000_000_000L;
    /** Largest absolute delta of one {@code adjust}. */
    public static final long MAX_ADJUST_DELTA = 1_000_000_000_000L;
    /** Largest quantity of one {@code count}. */
    public static final long MAX_COUNT = 1_000_000_000_000L;
    /** Largest physical stock a product may reach through adjustments. */
    public static final long MAX_PHYSICAL = 1_000_000_000_000_000L;
    /** Largest time-to-live of a reservation, in milliseconds. */
    public static final long MAX_TTL_MILLIS = 1_000_000_000_000L;
    /** Most products one engine holds (its per-product array stays below 2^31 elements). */
    public static final int MAX_PRODUCTS = (Integer.MAX_VALUE - 8) / 5;
    /** Longest SKU, in characters. */
    public static final int MAX_SKU_LENGTH = 64;
    /** How long a closed reservation id is remembered by default: 24 h of engine time. */
    public static final long DEFAULT_RETENTION_MILLIS = 86_400_000L;
    /** Unit costs are fixed point with this many units per 1.0 (4 decimals). */
    public static final long COST_SCALE = 10_000L;
    /** Unit cost value meaning "no cost given". */
    public static final long NO_COST = -1L;
    /** Time-to-live value meaning "never expires". */
    public static final long NO_TTL = 0L;

    private EngineLimits()
    {
    }

    /**
     * Whether a SKU is a token of 1..64 characters from {@code [A-Za-z0-9._-]}.
     *
     * @param sku candidate.
     * @return true if valid.
     */
    public static boolean isValidSku(final CharSequence sku)
    {
        final int length = sku.length();
        if (length < 1 || length > MAX_SKU_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (!isSkuChar(sku.charAt(i)))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a character may appear in a SKU: {@code [A-Za-z0-9._-]}.
     *
     * @param c candidate.
     * @return true if allowed.
     */
    public static boolean isSkuChar(final char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '.' || c == '_' || c == '-';
    }
}
