package dev.stockcore.bench.workload;

/**
 * A seeded pseudo-random generator (SplitMix64): the same seed gives the same sequence on every JVM, and no
 * call allocates. Statistically good enough for workloads, and about a nanosecond per draw.
 * Not thread safe: one per thread.
 */
public final class SplitMix64
{
    private long state;

    /**
     * @param seed any value; equal seeds give equal sequences.
     */
    public SplitMix64(final long seed)
    {
        state = seed;
    }

    /**
     * @return the next 64 random bits.
     */
    public long nextLong()
    {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * @return a uniform double in {@code [0, 1)}.
     */
    public double nextDouble()
    {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * A uniform int in {@code [0, bound)} by multiply-shift; the bias is below 2^-32, irrelevant here.
     *
     * @param bound exclusive upper bound, at least 1.
     * @return the draw.
     */
    public int nextInt(final int bound)
    {
        return (int)(((nextLong() >>> 32) * bound) >>> 32);
    }
}
