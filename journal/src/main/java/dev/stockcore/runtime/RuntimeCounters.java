package dev.stockcore.runtime;

import dev.stockcore.engine.Result;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteBuffer;
import java.util.function.ObjLongConsumer;

/**
 * The runtime's counters, as Agrona counters: written by the engine agent (back-pressure events by the
 * producers), read from any thread, e.g. by a metrics exporter through {@link #reader()} or
 * {@link #forEach(ObjLongConsumer)}.
 * <ul>
 *   <li>{@code commands}: commands applied by the engine; {@code result: X}: of those, answered X;</li>
 *   <li>{@code back-pressured}: calls answered BACK_PRESSURED because the ring stayed full;</li>
 *   <li>{@code batches}, {@code batch max}: ring drains that applied commands, and the largest
 *       (mean batch size = commands / batches);</li>
 *   <li>{@code journal commit ns total}, {@code journal commit ns max}: time in the journal's group commit;</li>
 *   <li>{@code feed changes}: availability changes published to the stock feed;</li>
 *   <li>{@code errors}: distinct-or-repeated errors recorded in the error log.</li>
 * </ul>
 * The counters live in buffers of this process, in Agrona's {@link CountersManager} layout; it defines no layout
 * of its own. That layout is native byte order, because counters are updated with atomic accessors that Agrona
 * offers in native order only (as Aeron's counters in {@code cnc.dat}, which only processes on the same machine
 * read).
 */
public final class RuntimeCounters
{
    private static final int MAX_COUNTERS = 64;

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

    RuntimeCounters()
    {
        final AtomicBuffer metaData = new UnsafeBuffer(
            ByteBuffer.allocateDirect(MAX_COUNTERS * CountersReader.METADATA_LENGTH));
        final AtomicBuffer values = new UnsafeBuffer(
            ByteBuffer.allocateDirect(MAX_COUNTERS * CountersReader.COUNTER_LENGTH));
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
            byResult[result.code()] = manager.newCounter("result: " + result.name());
        }
        backPressured = manager.newCounter("back-pressured");
        batches = manager.newCounter("batches");
        batchMax = manager.newCounter("batch max");
        journalCommitNs = manager.newCounter("journal commit ns total");
        journalCommitNsMax = manager.newCounter("journal commit ns max");
        feedChanges = manager.newCounter("feed changes");
        errors = manager.newCounter("errors");
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
}
