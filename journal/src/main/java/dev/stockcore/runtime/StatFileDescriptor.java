package dev.stockcore.runtime;

import org.agrona.BitUtil;
import org.agrona.concurrent.status.CountersReader;

/**
 * Layout of {@value #FILE_NAME}, the runtime's counters and acknowledgement latency histogram in a file mapped
 * beside the journal, so another process ({@code stockcore stat}) reads them while the runtime runs and after it
 * stops, as Aeron's {@code AeronStat} reads {@code cnc.dat}. Every field is little-endian. The runtime updates
 * the counters with atomic instructions, which Java offers in the platform's order only, so it writes the file
 * only where that order is little-endian (x86-64, AArch64); elsewhere it keeps the same layout in memory and
 * writes no file. The file is replaced at every launch: its figures cover one run.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |  version (0 while laid out)   | state: 1 RUNNING, 2 FAILED,   |  0
 *  |                               |        3 CLOSED               |
 *  +-------------------------------+-------------------------------+
 *  |                 pid of the writing process                    |  8
 *  +---------------------------------------------------------------+
 *  |              start time, epoch milliseconds                   | 16
 *  +-------------------------------+-------------------------------+
 *  |    counters metadata length   |    counters values length     | 24
 *  +-------------------------------+-------------------------------+
 *  |      histogram length         |  histogram significant digits | 32
 *  +-------------------------------+-------------------------------+
 *  |       histogram highest trackable value, nanoseconds          | 40
 *  +---------------------------------------------------------------+
 *  |                   (reserved, zero) to 128                     | 48
 *  +---------------------------------------------------------------+
 *  |   counters metadata: Agrona CountersManager layout            | 128
 *  |   (512 bytes a counter: state, type, key, label)              |
 *  +---------------------------------------------------------------+
 *  |   counters values: Agrona CountersManager layout              |
 *  |   (128 bytes a counter: the value in its first 8)             |
 *  +---------------------------------------------------------------+
 *  |   histogram: total count (8), max value ns (8), then one      |
 *  |   8-byte count per bucket, HdrHistogram's counts array order  |
 *  +---------------------------------------------------------------+
 * </pre>
 * The figure is not drawn to scale. {@code version} is written last when the file is laid out (with a release
 * store), so a reader that sees it sees the rest. The histogram's buckets are those of an HdrHistogram
 * {@code Histogram(1, highestTrackable, significantDigits)} (see {@link AckLatencyHistogram}), so a reader with
 * HdrHistogram rebuilds the same histogram from the counts.
 */
public final class StatFileDescriptor
{
    /** The file's name in the journal directory. */
    public static final String FILE_NAME = "stat.dat";
    /** Version of this layout. */
    public static final int VERSION = 1;

    /** The runtime is running (or died without closing, if its process is gone). */
    public static final int STATE_RUNNING = 1;
    /** The engine failed; stays so after close. */
    public static final int STATE_FAILED = 2;
    /** The runtime closed cleanly. */
    public static final int STATE_CLOSED = 3;

    /** Offset of the version (int). */
    public static final int VERSION_OFFSET = 0;
    /** Offset of the state (int). */
    public static final int STATE_OFFSET = 4;
    /** Offset of the writer's pid (long). */
    public static final int PID_OFFSET = 8;
    /** Offset of the start time (long, epoch ms). */
    public static final int START_TIME_OFFSET = 16;
    /** Offset of the counters metadata length (int). */
    public static final int COUNTERS_METADATA_LENGTH_OFFSET = 24;
    /** Offset of the counters values length (int). */
    public static final int COUNTERS_VALUES_LENGTH_OFFSET = 28;
    /** Offset of the histogram length (int). */
    public static final int HISTOGRAM_LENGTH_OFFSET = 32;
    /** Offset of the histogram's significant digits (int). */
    public static final int HISTOGRAM_DIGITS_OFFSET = 36;
    /** Offset of the histogram's highest trackable value (long, ns). */
    public static final int HISTOGRAM_HIGHEST_OFFSET = 40;
    /** Length of the header. */
    public static final int HEADER_LENGTH = 128;

    /** Counters the file has room for. */
    public static final int MAX_COUNTERS = 64;
    /** Length of the counters metadata section. */
    public static final int COUNTERS_METADATA_LENGTH = MAX_COUNTERS * CountersReader.METADATA_LENGTH;
    /** Length of the counters values section. */
    public static final int COUNTERS_VALUES_LENGTH = MAX_COUNTERS * CountersReader.COUNTER_LENGTH;

    /** Offset, in the histogram section, of the total count (long). */
    public static final int HISTOGRAM_TOTAL_COUNT_OFFSET = 0;
    /** Offset, in the histogram section, of the largest value recorded (long, ns; not clamped). */
    public static final int HISTOGRAM_MAX_VALUE_OFFSET = 8;
    /** Offset, in the histogram section, of the first bucket count (long each). */
    public static final int HISTOGRAM_COUNTS_OFFSET = 16;

    private StatFileDescriptor()
    {
    }

    /** @return offset of the counters metadata section. */
    public static int countersMetadataOffset()
    {
        return HEADER_LENGTH;
    }

    /** @return offset of the counters values section. */
    public static int countersValuesOffset()
    {
        return HEADER_LENGTH + COUNTERS_METADATA_LENGTH;
    }

    /** @return offset of the histogram section. */
    public static int histogramOffset()
    {
        return countersValuesOffset() + COUNTERS_VALUES_LENGTH;
    }

    /**
     * @param bucketCount entries of the histogram's counts array.
     * @return length of the histogram section.
     */
    public static int histogramLength(final int bucketCount)
    {
        return BitUtil.align(HISTOGRAM_COUNTS_OFFSET + bucketCount * Long.BYTES, BitUtil.CACHE_LINE_LENGTH);
    }

    /**
     * @param bucketCount entries of the histogram's counts array.
     * @return length of the whole file.
     */
    public static int fileLength(final int bucketCount)
    {
        return histogramOffset() + histogramLength(bucketCount);
    }
}
