package dev.stockcore.engine;

/**
 * Moving average unit cost in fixed point ({@link EngineLimits#COST_SCALE} units per 1.0).
 * <p>
 * {@code (oldAverage * oldQuantity + unitCost * added) / (oldQuantity + added)}, rounded half up.
 * The products can exceed 64 bits (a cost of 10^13 units times 10^15 pieces), so the sum is kept in
 * 128 bits when it has to be; the quotient always fits because it lies between the two costs.
 * Deterministic integer arithmetic only, so a replay computes the very same value.
 */
final class AverageCost
{
    private AverageCost()
    {
    }

    static long afterIncrease(final long oldAverage, final long oldQuantity, final long unitCost, final long added)
    {
        if (oldQuantity == 0)
        {
            return unitCost;
        }
        final long quantity = oldQuantity + added;
        final long aHi = Math.multiplyHigh(oldAverage, oldQuantity);
        final long aLo = oldAverage * oldQuantity;
        final long bHi = Math.multiplyHigh(unitCost, added);
        final long bLo = unitCost * added;
        long lo = aLo + bLo;
        long hi = aHi + bHi + (Long.compareUnsigned(lo, aLo) < 0 ? 1 : 0);
        final long half = quantity >>> 1;
        final long rounded = lo + half;
        hi += Long.compareUnsigned(rounded, lo) < 0 ? 1 : 0;
        lo = rounded;
        if (hi == 0 && lo >= 0)
        {
            return lo / quantity;
        }
        return divide128(hi, lo, quantity);
    }

    /**
     * Unsigned 128/64 division by shift and subtract; only reached for very large stock values.
     */
    private static long divide128(final long hi, final long lo, final long divisor)
    {
        long remainder = 0;
        long quotient = 0;
        for (int bit = 127; bit >= 0; bit--)
        {
            final long nextBit = bit >= 64 ? (hi >>> (bit - 64)) & 1 : (lo >>> bit) & 1;
            final boolean carry = remainder < 0;
            remainder = (remainder << 1) | nextBit;
            quotient <<= 1;
            if (carry || Long.compareUnsigned(remainder, divisor) >= 0)
            {
                remainder -= divisor;
                quotient |= 1;
            }
        }
        return quotient;
    }
}
