package dev.stockcore.bench.jmh;

import dev.stockcore.bench.workload.CatalogueBuilder;
import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import dev.stockcore.journal.Durability;
import dev.stockcore.journal.Journal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Appending one command's movement batch to a real journal (Chronicle Queue in a temporary directory, deleted at
 * the end) and group-committing it alone: the journal's cost per command when nothing is batched. The batch is
 * the engine's own encoding of a reservation of {@link #lines} lines. Under {@code SYNC} every operation is an
 * msync, so it measures the disk; {@code ASYNC} measures the append into the mapped file.
 */
@State(Scope.Thread)
public class JournalAppendBenchmark extends ForkedBenchmark
{
    /** What a commit guarantees. */
    @Param({"ASYNC", "SYNC"})
    public Durability durability;

    /** Lines of the reservation whose batch is appended (one movement each). */
    @Param("3")
    public int lines;

    private Path dir;
    private Journal journal;
    private final BatchCapture batch = new BatchCapture(64 * 1024, 16);

    /**
     * Opens the journal and records the batch.
     *
     * @throws IOException if the temporary directory cannot be created.
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        final SteadyEngine steady = new SteadyEngine(
            new CatalogueBuilder().physicalProducts(Math.max(lines, 1)).build(), null);
        final OrderLines order = new OrderLines();
        for (int i = 0; i < lines; i++)
        {
            order.add(i, 1);
        }
        steady.engine().movementHandler(batch);
        final Result reserved = steady.engine().reserve(1, EngineLimits.NO_TTL, order);
        if (reserved != Result.OK || batch.batches() != 1)
        {
            throw new IllegalStateException("could not record a reservation batch: " + reserved);
        }
        dir = Files.createTempDirectory("stockcore-journal-bench");
        journal = Journal.openForWriting(dir, durability);
    }

    /**
     * Appends the batch as one excerpt and commits it.
     *
     * @return the number of batches the commit covered (1).
     */
    @Benchmark
    public long appendAndCommit()
    {
        journal.onBatch(batch.buffer(), batch.offset(0), batch.length(0));
        return journal.commit();
    }

    /**
     * Closes the journal and deletes its directory.
     *
     * @throws IOException if a file cannot be deleted.
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        journal.close();
        try (Stream<Path> files = Files.walk(dir))
        {
            for (final Path file : (Iterable<Path>)files.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.delete(file);
            }
        }
    }
}
