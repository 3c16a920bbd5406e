package dev.stockcore.runtime;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stat file beside the journal: what a reader sees while the runtime runs, after it closes and after it
 * fails, and the histogram it keeps. The cross-process reading is in the cli's {@code StatProcessTest}.
 */
class StatFileTest
{
    @TempDir
    Path dir;

    @Test
    void shouldShowTheCountersOfARunningRuntimeToAReader()
    {
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)))
        {
            runtime.addProduct("A");
            final int a = runtime.productIndex("A");
            runtime.adjust(a, 10, EngineLimits.NO_COST);
            runtime.reserve(1, EngineLimits.NO_TTL, new OrderLines().add(a, 20));
            assertTrue(runtime.counters().isInStatFile());

            try (StatFileReader reader = StatFileReader.open(dir).orElseThrow())
            {
                assertEquals(RuntimeState.RUNNING, reader.state());
                assertEquals(ProcessHandle.current().pid(), reader.pid());
                assertEquals(3, reader.counter("commands"));
                assertEquals(2, reader.counter("result_ok"));
                assertEquals(1, reader.counter("result_insufficient_stock"));
                assertEquals(3, reader.ackLatency().totalCount());
                assertTrue(reader.ackLatency().maxNanos() > 0);
                assertEquals(-1, reader.counter("no_such_counter"));
            }
        }
    }

    @Test
    void shouldNameEveryCounterInSnakeCaseInAStableOrder()
    {
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)))
        {
            final Map<String, Long> counters = new LinkedHashMap<>();
            runtime.counters().forEach(counters::put);

            final List<String> names = List.copyOf(counters.keySet());
            assertEquals("commands", names.get(0));
            assertEquals("result_ok", names.get(1));
            assertEquals(List.of("back_pressured", "batches", "batch_max", "journal_commit_ns_total",
                "journal_commit_ns_max", "feed_changes", "errors"), names.subList(names.size() - 7, names.size()));
            assertEquals(1 + Result.values().length + 7, names.size());
            assertTrue(names.stream().allMatch(name -> name.matches("[a-z][a-z0-9_]*")), names::toString);
        }
    }

    @Test
    void shouldKeepTheFiguresAfterCloseAndSayClosed()
    {
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)))
        {
            runtime.addProduct("A");
            runtime.addProduct("B");
            assertEquals(RuntimeState.RUNNING, runtime.health().state());
        }
        try (StatFileReader reader = StatFileReader.open(dir).orElseThrow())
        {
            assertEquals(RuntimeState.CLOSED, reader.state());
            assertEquals(2, reader.counter("commands"));
            assertEquals(2, reader.ackLatency().totalCount());
        }
    }

    @Test
    void shouldStartEveryRunFromZero()
    {
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)))
        {
            runtime.addProduct("A");
        }
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir));
            StatFileReader reader = StatFileReader.open(dir).orElseThrow())
        {
            assertEquals(0, reader.counter("commands"));
            runtime.addProduct("B");
            assertEquals(1, reader.counter("commands"), "the reader maps the live file");
        }
    }

    @Test
    void shouldSayFailedAndKeepItAfterClose()
    {
        final StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)
            .errorHandler(ex -> { })
            .commandHandler((type, correlationId) ->
            {
                throw new IllegalStateException("injected fault");
            }));
        assertEquals(Result.ENGINE_FAILED, runtime.addProduct("A"));

        final RuntimeHealth health = runtime.health();
        assertEquals(RuntimeState.FAILED, health.state());
        assertFalse(health.isRunning());
        assertEquals(1, health.errors());
        assertEquals("java.lang.IllegalStateException: injected fault", health.lastError());
        runtime.close();

        assertEquals(RuntimeState.FAILED, runtime.health().state());
        try (StatFileReader reader = StatFileReader.open(dir).orElseThrow())
        {
            assertEquals(RuntimeState.FAILED, reader.state());
            assertEquals(1, reader.counter("errors"));
            assertEquals(1, reader.counter("result_engine_failed"));
        }
    }

    @Test
    void shouldReportHealthOfARunningAndAClosedRuntime()
    {
        final StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir));
        runtime.addProduct("A");
        final RuntimeHealth running = runtime.health();
        runtime.close();

        assertEquals(new RuntimeHealth(RuntimeState.RUNNING, 0, null, 1, 0), running);
        assertTrue(running.isRunning());
        assertEquals(RuntimeState.CLOSED, runtime.health().state());
    }

    @Test
    void shouldSayNotRunningWhenTheWriterIsGoneWithoutClosing() throws Exception
    {
        final Path file = dir.resolve(StatFileDescriptor.FILE_NAME);
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)))
        {
            runtime.addProduct("A");
        }
        final byte[] bytes = Files.readAllBytes(file);
        final UnsafeBuffer header = new UnsafeBuffer(bytes);
        header.putInt(StatFileDescriptor.STATE_OFFSET, StatFileDescriptor.STATE_RUNNING, ByteOrder.LITTLE_ENDIAN);
        final Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        header.putLong(StatFileDescriptor.PID_OFFSET, finished.pid(), ByteOrder.LITTLE_ENDIAN);
        Files.write(file, bytes);

        try (StatFileReader reader = StatFileReader.open(dir).orElseThrow())
        {
            assertEquals(RuntimeState.NOT_RUNNING, reader.state());
            assertEquals(1, reader.counter("commands"), "the figures of the dead run stay readable");
        }
    }

    @Test
    void shouldFindNoStatFileInADirectoryNoRuntimeUsed()
    {
        assertTrue(StatFileReader.open(dir).isEmpty());
    }

    @Test
    void shouldRefuseAStatFileOfAnotherVersion() throws Exception
    {
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)))
        {
            runtime.addProduct("A");
        }
        final Path file = dir.resolve(StatFileDescriptor.FILE_NAME);
        final byte[] bytes = Files.readAllBytes(file);
        new UnsafeBuffer(bytes).putInt(StatFileDescriptor.VERSION_OFFSET, 7, ByteOrder.LITTLE_ENDIAN);
        Files.write(file, bytes);

        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> StatFileReader.open(dir));
        assertTrue(ex.getMessage().contains("has layout version 7"), ex.getMessage());
    }

    @Test
    void shouldKeepASecondRuntimeOnTheSameDirectoryOutOfTheLiveOnesFile()
    {
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)))
        {
            runtime.addProduct("A");
            assertThrows(RuntimeException.class,
                () -> StockRuntime.launch(new StockRuntime.Context().journalDir(dir)));
            try (StatFileReader reader = StatFileReader.open(dir).orElseThrow())
            {
                assertEquals(RuntimeState.RUNNING, reader.state());
                assertEquals(1, reader.counter("commands"));
            }
        }
    }

    @Test
    void shouldComputePercentilesFromTheBuckets()
    {
        final AckLatencyHistogram histogram = inMemoryHistogram();
        for (long v = 1; v <= 100; v++)
        {
            histogram.record(v * 1_000);
        }
        histogram.record(AckLatencyHistogram.HIGHEST_TRACKABLE_NS * 2);

        assertEquals(101, histogram.totalCount());
        assertEquals(AckLatencyHistogram.HIGHEST_TRACKABLE_NS * 2, histogram.maxNanos(), "the max is exact");
        final long p50 = histogram.valueAtPercentile(50);
        assertTrue(p50 >= 51_000 && p50 <= 51_000 * 101 / 100, "p50 " + p50);
        final long p99 = histogram.valueAtPercentile(99);
        assertTrue(p99 >= 100_000 && p99 <= 101_000, "p99 " + p99);
        assertEquals(0, inMemoryHistogram().valueAtPercentile(99));
    }

    @Test
    void shouldMapEveryBucketsLowestValueBackToThatBucket()
    {
        for (int i = 0; i < AckLatencyHistogram.BUCKET_COUNT; i++)
        {
            final long lowest = AckLatencyHistogram.lowestValueAt(i);
            if (lowest > AckLatencyHistogram.HIGHEST_TRACKABLE_NS)
            {
                break;
            }
            assertEquals(i, AckLatencyHistogram.index(lowest), "bucket " + i);
        }
    }

    @Test
    void shouldRecordWithoutAllocating()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final AckLatencyHistogram histogram = inMemoryHistogram();
        record(histogram, 200_000);
        final long baselineStart = threads.getCurrentThreadAllocatedBytes();
        final long baseline = threads.getCurrentThreadAllocatedBytes() - baselineStart;
        final long before = threads.getCurrentThreadAllocatedBytes();
        record(histogram, 200_000);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before - baseline;

        // One object per record would be >= 16 B x 200,000 = 3.2 MB; the bound is 0.1 B per record. What can be
        // left is per run, not per record (seen: 0 B, and once 688 B: the JIT materialising objects when it
        // deoptimizes, as RuntimeAllocationTest notes).
        assertTrue(allocated < 200_000 / 10, "allocated " + allocated + " B over 200,000 records");
        assertEquals(400_000, histogram.totalCount());
    }

    private static void record(final AckLatencyHistogram histogram, final int times)
    {
        for (int i = 0; i < times; i++)
        {
            histogram.record(((long)i * 7919) % 5_000_000);
        }
    }

    private static AckLatencyHistogram inMemoryHistogram()
    {
        final int length = StatFileDescriptor.histogramLength(AckLatencyHistogram.BUCKET_COUNT);
        return new AckLatencyHistogram(new UnsafeBuffer(BufferUtil.allocateDirectAligned(length, 64)), 0);
    }

    @Test
    void shouldAnswerNullLastErrorWhenThereIsNone()
    {
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)))
        {
            assertNull(runtime.health().lastError());
        }
    }
}
