package dev.stockcore.cli;

import dev.stockcore.engine.StockEngine;
import dev.stockcore.engine.script.ScriptRunner;
import dev.stockcore.journal.ExcerptCodec;
import dev.stockcore.journal.JournalDescriptor;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds journals the writer never would, to test what the commands find: batches written straight into the
 * queue in the journal's excerpt layout ({@link JournalDescriptor}), at a chosen queue clock (so that they
 * land in older hourly cycle files), with batches left out or records altered.
 */
final class JournalFixture
{
    private JournalFixture()
    {
    }

    /**
     * @param script a script.
     * @return the movement batches it produces on a fresh engine, one array each.
     */
    static List<byte[]> batches(final String script)
    {
        final List<byte[]> batches = new ArrayList<>();
        final StockEngine engine = new StockEngine((buffer, offset, length) ->
        {
            final byte[] batch = new byte[length];
            buffer.getBytes(offset, batch);
            batches.add(batch);
        });
        try
        {
            new ScriptRunner(engine).run(new StringReader(script), new StringBuilder());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return batches;
    }

    /**
     * Appends batches to a journal's queue, as excerpts, with the queue's clock at a given time.
     *
     * @param journalDir  the journal directory (created if missing).
     * @param batches     the batches.
     * @param epochMillis the queue clock: selects the hourly cycle file.
     * @return the index of each excerpt.
     */
    static long[] append(final Path journalDir, final List<byte[]> batches, final long epochMillis)
    {
        final long[] indices = new long[batches.size()];
        try
        {
            Files.createDirectories(journalDir.resolve(JournalDescriptor.SNAPSHOT_DIR));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(journalDir.resolve(JournalDescriptor.QUEUE_DIR))
            .rollCycle(RollCycles.FAST_HOURLY)
            .timeProvider(new SetTimeProvider(Instant.ofEpochMilli(epochMillis)))
            .build();
            ExcerptAppender appender = queue.createAppender())
        {
            // Stamp the format as Journal.openForWriting does; without it the queue is not a stockcore journal.
            // Every excerpt is checksummed from the first (acquiring creates the key at 0 if it is missing).
            queue.metaStore().acquireValueFor(JournalDescriptor.CHECKSUMMED_FROM_KEY, 0);
            queue.metaStore().acquireValueFor(JournalDescriptor.FORMAT_KEY, 0).setOrderedValue(JournalDescriptor.FORMAT_VERSION);
            final ExcerptCodec codec = new ExcerptCodec();
            final ExpandableArrayBuffer excerpt = new ExpandableArrayBuffer();
            for (int i = 0; i < batches.size(); i++)
            {
                final byte[] batch = batches.get(i);
                try (DocumentContext context = appender.writingDocument())
                {
                    // As Journal writes it: format 3 header with its checksum, then the batch.
                    excerpt.putBytes(JournalDescriptor.HEADER_LENGTH, batch);
                    context.wire().bytes().write(excerpt.byteArray(), 0, codec.encode(excerpt, batch.length));
                }
                indices[i] = appender.lastIndexAppended();
            }
        }
        return indices;
    }

    /**
     * @param batches batches of one engine, in order.
     * @param count   how many to apply.
     * @return a fresh engine with the first {@code count} batches applied.
     */
    static StockEngine replay(final List<byte[]> batches, final int count)
    {
        final StockEngine engine = new StockEngine(null);
        for (int i = 0; i < count; i++)
        {
            engine.applyBatch(new UnsafeBuffer(batches.get(i)), 0);
        }
        return engine;
    }
}
