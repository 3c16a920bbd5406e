package dev.stockcore.runtime;

import dev.stockcore.engine.Result;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.util.function.ObjLongConsumer;

/**
 * The runtime's counters, as Agrona counters in the stat file beside the journal ({@link StatFileDescriptor}):
 * written by the engine agent (back-pressure events and the results they decide by the producers), read from any
 * thread through {@link #reader()} or {@link #forEach(ObjLongConsumer)}, and from another process by
 * {@code stockcore stat} ({@link StatFileReader}). Labels are the stable {@code snake_case} names that command
 * prints:
 * <ul>
 *   <li>{@code commands}: commands applied by the engine (reservation queries included);
 *       {@code result_<code>} (e.g. {@code result_ok}, {@code result_insufficient_stock}): calls answered with
 *       that result, engine results and those the runtime decides (back pressure, failed, closed);</li>
 *   <li>{@code back_pressured}: calls answered BACK_PRESSURED because the ring stayed full;</li>
 *   <li>{@code batches}, {@code batch_max}: ring drains that applied commands (and idle time advances), and the
 *       most commands in one (mean batch size = commands / batches);</li>
 *   <li>{@code journal_commit_ns_total}, {@code journal_commit_ns_max}: time in the journal's group commit;</li>
 *   <li>{@code feed_changes}: availability changes published to the stock feed;</li>
 *   <li>{@code errors}: errors recorded in the error log, repeated ones included.</li>
 * </ul>
 * Beside them, {@link #ackLatency()}: the histogram of acknowledgement time, command offered to result delivered.
 */
public final class RuntimeCounters
{
    private final StatFile statFile;
    private final CountersManager manager;
    private final AtomicCounter commands;
    private final AtomicCounter[] byResult;
    private final AtomicCounter backPressured;
    private final AtomicCounter batches;
    private final AtomicCounter batchMax;
    private final AtomicCounter journalCommitNs;
    private final AtomicCounter journalCommitNsMax;
    private final AtomicCounter feedChanges;
    private final AtomicCounter errors;
    private final AckLatencyHistogram ackLatency;

    RuntimeCounters(final StatFile statFile)
    {
        this.statFile = statFile;
        final AtomicBuffer file = statFile.buffer();
        final AtomicBuffer metaData = new UnsafeBuffer(
            file, StatFileDescriptor.countersMetadataOffset(), StatFileDescriptor.COUNTERS_METADATA_LENGTH);
        final AtomicBuffer values = new UnsafeBuffer(
            file, StatFileDescriptor.countersValuesOffset(), StatFileDescriptor.COUNTERS_VALUES_LENGTH);
        manager = new CountersManager(metaData, values);
        commands = manager.newCounter("commands");
        final Result[] results = Result.values();
        int max = 0;
        for (final Result result : results)
        {
            max = Math.max(max, result.code());
        }
        byResult = new AtomicCounter[max + 1];
        for (final Result result : results)
        {
            byResult[result.code()] = manager.newCounter(resultLabel(result));
        }
        backPressured = manager.newCounter("back_pressured");
        batches = manager.newCounter("batches");
        batchMax = manager.newCounter("batch_max");
        journalCommitNs = manager.newCounter("journal_commit_ns_total");
        journalCommitNsMax = manager.newCounter("journal_commit_ns_max");
        feedChanges = manager.newCounter("feed_changes");
        errors = manager.newCounter("errors");
        ackLatency = new AckLatencyHistogram(file, StatFileDescriptor.histogramOffset());
        statFile.publish();
    }

    /**
     * @param result a result.
     * @return the label of its counter: {@code result_} and its name in lower case.
     */
    public static String resultLabel(final Result result)
    {
        return "result_" + result.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * @return a reader over every counter, for Agrona tooling.
     */
    public CountersReader reader()
    {
        return manager;
    }

    /**
     * Calls {@code consumer} with each counter's label and value.
     *
     * @param consumer receives (label, value).
     */
    public void forEach(final ObjLongConsumer<String> consumer)
    {
        manager.forEach((counterId, typeId, keyBuffer, label) -> consumer.accept(label, manager.getCounterValue(counterId)));
    }

    /** @return commands applied by the engine. */
    public long commands()
    {
        return commands.get();
    }

    /**
     * @param result a result.
     * @return calls answered with it (engine results, and BACK_PRESSURED, ENGINE_FAILED, RUNTIME_CLOSED decided by
     * the runtime).
     */
    public long results(final Result result)
    {
        return byResult[result.code()].get();
    }

    /** @return calls answered BACK_PRESSURED. */
    public long backPressured()
    {
        return backPressured.get();
    }

    /** @return ring drains that applied at least one command. */
    public long batches()
    {
        return batches.get();
    }

    /** @return the most commands applied in one drain. */
    public long batchMax()
    {
        return batchMax.get();
    }

    /** @return nanoseconds spent in the journal's group commits. */
    public long journalCommitNanos()
    {
        return journalCommitNs.get();
    }

    /** @return the longest group commit, in nanoseconds. */
    public long journalCommitNanosMax()
    {
        return journalCommitNsMax.get();
    }

    /** @return availability changes published to the feed. */
    public long feedChanges()
    {
        return feedChanges.get();
    }

    /** @return errors recorded in the error log. */
    public long errors()
    {
        return errors.get();
    }

    void onBackPressured()
    {
        backPressured.increment();
    }

    void onResult(final Result result)
    {
        // Atomic: producers answer some results themselves (back pressure, refusals, unencodable commands).
        byResult[result.code()].increment();
    }

    void onBatch(final int commandCount, final long commitNanos, final int changes)
    {
        commands.getAndAddRelease(commandCount);
        batches.incrementRelease();
        batchMax.proposeMaxRelease(commandCount);
        journalCommitNs.getAndAddRelease(commitNanos);
        journalCommitNsMax.proposeMaxRelease(commitNanos);
        feedChanges.getAndAddRelease(changes);
    }

    void onError()
    {
        errors.increment();
    }

    /**
     * @return the acknowledgement latency histogram (nanoseconds, command offered to result delivered).
     */
    public AckLatencyHistogram ackLatency()
    {
        return ackLatency;
    }

    /**
     * @return whether these counters are in the journal directory's stat file (false: in this process only,
     * because another runtime holds the file or the platform is big-endian).
     */
    public boolean isInStatFile()
    {
        return statFile.isMapped();
    }

    void onAcknowledged(final long nanos)
    {
        ackLatency.record(nanos);
    }
}
