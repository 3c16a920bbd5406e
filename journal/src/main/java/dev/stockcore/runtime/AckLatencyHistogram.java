package dev.stockcore.runtime;

import org.agrona.concurrent.AtomicBuffer;

/**
 * The acknowledgement latency histogram (command offered by a producer to result delivered by the engine
 * thread, in nanoseconds) kept in the histogram section of {@link StatFileDescriptor}'s file: log-linear buckets
 * with exactly the counts-array layout of an HdrHistogram {@code Histogram(1, HIGHEST_TRACKABLE_NS,
 * SIGNIFICANT_DIGITS)}, so that a process with HdrHistogram (the CLI) rebuilds the same histogram from the
 * counts, while this artifact does not depend on HdrHistogram. The index arithmetic below is HdrHistogram's
 * ({@code AbstractHistogram.countsArrayIndex}, {@code valueFromIndex}, {@code getValueAtPercentile}) for a
 * lowest discernible value of 1.
 * <p>
 * One writer (the engine thread) records, with release stores and no allocation; any thread or process reads.
 * A value above the highest trackable one counts in the last bucket; the exact largest value is kept apart.
 */
public final class AckLatencyHistogram
{
    /** Decimal digits of precision: each bucket is at most 1% wide. */
    public static final int SIGNIFICANT_DIGITS = 2;
    /** Highest value the buckets distinguish: one hour, in nanoseconds. */
    public static final long HIGHEST_TRACKABLE_NS = 3_600_000_000_000L;

    private static final int SUB_BUCKET_COUNT_MAGNITUDE =
        (int)Math.ceil(Math.log(2 * Math.pow(10, SIGNIFICANT_DIGITS)) / Math.log(2));
    private static final int SUB_BUCKET_HALF_COUNT_MAGNITUDE = SUB_BUCKET_COUNT_MAGNITUDE - 1;
    private static final int SUB_BUCKET_COUNT = 1 << SUB_BUCKET_COUNT_MAGNITUDE;
    private static final int SUB_BUCKET_HALF_COUNT = SUB_BUCKET_COUNT / 2;
    private static final long SUB_BUCKET_MASK = SUB_BUCKET_COUNT - 1L;
    private static final int LEADING_ZERO_COUNT_BASE = 64 - SUB_BUCKET_COUNT_MAGNITUDE;
    /** Entries of the counts array. */
    public static final int BUCKET_COUNT = (bucketsNeeded(HIGHEST_TRACKABLE_NS) + 1) * SUB_BUCKET_HALF_COUNT;

    private final AtomicBuffer buffer;
    private final int offset;

    /**
     * @param buffer holding the histogram section.
     * @param offset of the section in it.
     */
    AckLatencyHistogram(final AtomicBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
    }

    /**
     * Records one acknowledgement; engine thread only. Allocation free.
     *
     * @param nanos the latency; negative counts as 0.
     */
    void record(final long nanos)
    {
        final long value = Math.max(0, nanos);
        final int countOffset = offset + StatFileDescriptor.HISTOGRAM_COUNTS_OFFSET +
            index(Math.min(value, HIGHEST_TRACKABLE_NS)) * Long.BYTES;
        buffer.putLongRelease(countOffset, buffer.getLongVolatile(countOffset) + 1);
        final int maxOffset = offset + StatFileDescriptor.HISTOGRAM_MAX_VALUE_OFFSET;
        if (value > buffer.getLongVolatile(maxOffset))
        {
            buffer.putLongRelease(maxOffset, value);
        }
        final int totalOffset = offset + StatFileDescriptor.HISTOGRAM_TOTAL_COUNT_OFFSET;
        buffer.putLongRelease(totalOffset, buffer.getLongVolatile(totalOffset) + 1);
    }

    /** @return acknowledgements recorded. */
    public long totalCount()
    {
        return buffer.getLongVolatile(offset + StatFileDescriptor.HISTOGRAM_TOTAL_COUNT_OFFSET);
    }

    /** @return the largest latency recorded, exact, in nanoseconds (0 if none). */
    public long maxNanos()
    {
        return buffer.getLongVolatile(offset + StatFileDescriptor.HISTOGRAM_MAX_VALUE_OFFSET);
    }

    /**
     * @param index 0 to {@link #BUCKET_COUNT} - 1.
     * @return the count of that bucket.
     */
    public long count(final int index)
    {
        return buffer.getLongVolatile(offset + StatFileDescriptor.HISTOGRAM_COUNTS_OFFSET + index * Long.BYTES);
    }

    /**
     * The value at a percentile, as HdrHistogram's {@code getValueAtPercentile} computes it: the highest value
     * equivalent to the bucket where the cumulative count reaches the percentile.
     *
     * @param percentile 0 to 100.
     * @return nanoseconds, 0 if nothing was recorded.
     */
    public long valueAtPercentile(final double percentile)
    {
        long total = 0;
        for (int i = 0; i < BUCKET_COUNT; i++)
        {
            total += count(i);
        }
        final double requested = Math.min(Math.max(Math.nextAfter(percentile, Double.NEGATIVE_INFINITY), 0.0), 100.0);
        final long countAtPercentile = Math.max(1, (long)Math.ceil(requested / 100.0 * total));
        long cumulative = 0;
        for (int i = 0; i < BUCKET_COUNT; i++)
        {
            cumulative += count(i);
            if (cumulative >= countAtPercentile)
            {
                final long lowest = lowestValueAt(i);
                return percentile == 0.0 ? lowest : lowest + bucketWidth(lowest) - 1;
            }
        }
        return 0;
    }

    /**
     * @param value a value, 0 to {@link #HIGHEST_TRACKABLE_NS}.
     * @return the index of the bucket that counts it, as HdrHistogram's {@code countsArrayIndex}.
     */
    public static int index(final long value)
    {
        final int bucketIndex = LEADING_ZERO_COUNT_BASE - Long.numberOfLeadingZeros(value | SUB_BUCKET_MASK);
        final int subBucketIndex = (int)(value >>> bucketIndex);
        return ((bucketIndex + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + subBucketIndex - SUB_BUCKET_HALF_COUNT;
    }

    /**
     * @param index a bucket index.
     * @return the lowest value that bucket counts, as HdrHistogram's {@code valueFromIndex}: recording it with
     * HdrHistogram lands in the same bucket.
     */
    public static long lowestValueAt(final int index)
    {
        int bucketIndex = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
        int subBucketIndex = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
        if (bucketIndex < 0)
        {
            subBucketIndex -= SUB_BUCKET_HALF_COUNT;
            bucketIndex = 0;
        }
        return (long)subBucketIndex << bucketIndex;
    }

    private static long bucketWidth(final long value)
    {
        final int bucketIndex = LEADING_ZERO_COUNT_BASE - Long.numberOfLeadingZeros(value | SUB_BUCKET_MASK);
        final int subBucketIndex = (int)(value >>> bucketIndex);
        return 1L << (subBucketIndex >= SUB_BUCKET_COUNT ? bucketIndex + 1 : bucketIndex);
    }

    private static int bucketsNeeded(final long value)
    {
        long smallestUntrackable = SUB_BUCKET_COUNT;
        int needed = 1;
        while (smallestUntrackable <= value)
        {
            if (smallestUntrackable > Long.MAX_VALUE / 2)
            {
                return needed + 1;
            }
            smallestUntrackable <<= 1;
            needed++;
        }
        return needed;
    }
}
