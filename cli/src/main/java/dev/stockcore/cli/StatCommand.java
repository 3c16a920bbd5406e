package dev.stockcore.cli;

import dev.stockcore.runtime.AckLatencyHistogram;
import dev.stockcore.runtime.RuntimeState;
import dev.stockcore.runtime.StatFileDescriptor;
import dev.stockcore.runtime.StatFileReader;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code stockcore stat --journal DIR [--watch SECONDS]}: the counters, acknowledgement latency and state of the
 * runtime that uses the journal directory, read from its stat file ({@link StatFileReader}) while it runs or after
 * it stopped, as Aeron's {@code AeronStat} reads {@code cnc.dat}. The latency percentiles come from an HdrHistogram
 * rebuilt from the file's bucket counts, which have HdrHistogram's own layout ({@link AckLatencyHistogram}).
 */
@Command(
    name = "stat",
    mixinStandardHelpOptions = true,
    header = "Print the counters, latency and state of the runtime on a journal; read-only.",
    description = {
        "Reads " + StatFileDescriptor.FILE_NAME + ", the file a running StockRuntime keeps its counters in beside " +
            "the journal, and prints one 'name value' line per counter, then the acknowledgement latency and the " +
            "state. The figures cover the runtime's current (or last) run, from its launch.",
        "",
        "It only reads: it runs safely beside the runtime, from any process on the same machine.",
        "" },
    footerHeading = "%nOutput (names are stable; docs/operations.md describes each):%n",
    footer = {
        "  commands N                   commands applied by the engine (reservation queries included)",
        "  result_<code> N              calls answered with that result (result_ok, result_insufficient_stock...)",
        "  back_pressured N             calls answered BACK_PRESSURED (the command ring stayed full)",
        "  batches N, batch_max N       ring drains, and the most commands in one",
        "  journal_commit_ns_total N    time in the journal's group commits; journal_commit_ns_max the longest",
        "  feed_changes N               availability changes published to the stock feed",
        "  errors N                     errors recorded (stockcore errors shows them)",
        "  ack_latency_count N          acknowledgements in the latency histogram",
        "  ack_latency_p50_us N         acknowledgement time, command offered to result delivered, in",
        "  ack_latency_p99_us N           microseconds rounded up (p50, p99, p99.9, at most max; max is exact)",
        "  ack_latency_p999_us N",
        "  ack_latency_max_us N",
        "  state S                      RUNNING, FAILED (close and relaunch), CLOSED, or NOT_RUNNING: no stat",
        "                               file, or its runtime's process ended without closing (killed)",
        "With --watch the block repeats, separated by an empty line, until SIGINT or SIGTERM (exit 0).",
        "",
        "Examples:",
        "  stockcore stat --journal /var/lib/stockcore",
        "  stockcore stat --journal /var/lib/stockcore --watch 5" },
    exitCodeListHeading = ExitStatus.HEADING,
    exitCodeList = {
        "0:printed (whatever the state, NOT_RUNNING included)",
        "2:usage error, the directory does not exist, or the stat file could not be read (the message on stderr " +
            "says what to do)" })
final class StatCommand implements Callable<Integer>
{
    private static final long SIGNAL_CHECK_MILLIS = 100;

    @Spec
    private CommandSpec spec;

    @Mixin
    private JournalOption journal;

    @Option(names = "--watch", paramLabel = "SECONDS", description = "print again every SECONDS until stopped")
    private Integer watchSeconds;

    @Override
    public Integer call() throws InterruptedException
    {
        if (watchSeconds != null && watchSeconds < 1)
        {
            throw new ParameterException(spec.commandLine(), "--watch must be 1 second or more: " + watchSeconds);
        }
        if (!Files.isDirectory(journal.dir))
        {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": no directory " + journal.dir +
                "; give the journal directory the runtime was launched on");
            return ExitStatus.ERROR;
        }
        final PrintWriter out = spec.commandLine().getOut();
        if (watchSeconds == null)
        {
            return print(out);
        }
        try (ShutdownSignals signals = ShutdownSignals.install())
        {
            boolean first = true;
            while (!signals.received())
            {
                if (!first)
                {
                    out.println();
                }
                first = false;
                final int status = print(out);
                if (status != ExitStatus.OK || out.checkError())
                {
                    return status;
                }
                final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(watchSeconds);
                while (!signals.received() && System.nanoTime() - until < 0)
                {
                    Thread.sleep(SIGNAL_CHECK_MILLIS);
                }
            }
            return ExitStatus.OK;
        }
    }

    private int print(final PrintWriter out)
    {
        final Optional<StatFileReader> opened;
        try
        {
            opened = StatFileReader.open(journal.dir);
        }
        catch (final IllegalStateException ex)
        {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + ex.getMessage());
            return ExitStatus.ERROR;
        }
        if (opened.isEmpty())
        {
            out.println("state " + RuntimeState.NOT_RUNNING.name());
            out.flush();
            return ExitStatus.OK;
        }
        try (StatFileReader reader = opened.get())
        {
            final StringBuilder lines = new StringBuilder(1024);
            reader.forEachCounter((label, value) -> lines.append(label).append(' ').append(value).append('\n'));
            final AckLatencyHistogram latency = reader.ackLatency();
            final Histogram histogram = rebuild(latency);
            final long max = latency.maxNanos();
            lines.append("ack_latency_count ").append(histogram.getTotalCount()).append('\n')
                .append("ack_latency_p50_us ").append(micros(valueAt(histogram, 50.0, max))).append('\n')
                .append("ack_latency_p99_us ").append(micros(valueAt(histogram, 99.0, max))).append('\n')
                .append("ack_latency_p999_us ").append(micros(valueAt(histogram, 99.9, max))).append('\n')
                .append("ack_latency_max_us ").append(micros(max)).append('\n')
                .append("state ").append(reader.state().name()).append('\n');
            out.print(lines);
            out.flush();
            return ExitStatus.OK;
        }
    }

    /**
     * @param latency the file's buckets.
     * @return the HdrHistogram with the same counts: each bucket's lowest value lands in the same bucket.
     */
    static Histogram rebuild(final AckLatencyHistogram latency)
    {
        final Histogram histogram = new Histogram(
            1, AckLatencyHistogram.HIGHEST_TRACKABLE_NS, AckLatencyHistogram.SIGNIFICANT_DIGITS);
        for (int i = 0; i < AckLatencyHistogram.BUCKET_COUNT; i++)
        {
            final long count = latency.count(i);
            if (count > 0)
            {
                histogram.recordValueWithCount(AckLatencyHistogram.lowestValueAt(i), count);
            }
        }
        return histogram;
    }

    /**
     * HdrHistogram's value at the percentile is the top of its bucket (up to 1% above the values in it): capped at
     * the exact maximum, so that no percentile shows more than the largest latency recorded.
     */
    static long valueAt(final Histogram histogram, final double percentile, final long maxNanos)
    {
        return histogram.getTotalCount() == 0 ? 0 : Math.min(histogram.getValueAtPercentile(percentile), maxNanos);
    }

    private static long micros(final long nanos)
    {
        return (nanos + 999) / 1_000;
    }
}
