package dev.stockcore.journal;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.StockEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A journal on a real, small tmpfs filled to the last byte: the writer refuses the command that would not fit
 * before writing any of it, with one line saying so; every command committed before is read back whole; and once
 * space is freed a new writer goes on from there.
 */
class JournalDiskFullTest
{
    @TempDir
    Path parent;
    private Path mountPoint;
    private boolean mounted;

    @BeforeEach
    void mountSmallFileSystem() throws Exception
    {
        mountPoint = parent.resolve("small");
        java.nio.file.Files.createDirectories(mountPoint);
        mounted = run("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mountPoint.toString()) == 0;
        assumeTrue(mounted, "needs root to mount a small tmpfs");
    }

    @AfterEach
    void unmount() throws Exception
    {
        if (mounted)
        {
            run("umount", "-l", mountPoint.toString());
        }
    }

    @Test
    void shouldRefuseBeforeWritingWhenTheDiskIsFullAndGoOnOnceSpaceIsFreed() throws Exception
    {
        final Path dir = mountPoint.resolve("journal");
        long acknowledged = 0;
        JournalException refusal = null;
        final Journal journal = Journal.openForWriting(dir, Durability.ASYNC);
        final StockEngine engine = new StockEngine(journal);
        engine.addProduct("A");
        journal.commit();
        acknowledged++;
        try
        {
            for (int i = 0; i < 1_000_000 && refusal == null; i++)
            {
                for (int j = 0; j < 20; j++)
                {
                    engine.adjust(0, 1, EngineLimits.NO_COST);
                }
                journal.commit();
                acknowledged += 20;
            }
        }
        catch (final JournalException ex)
        {
            refusal = ex;
        }
        assertNotNull(refusal, "a 6 MB file system must fill up");
        assertTrue(refusal.getMessage().startsWith("journal disk full: "), refusal.getMessage());
        assertTrue(refusal.getMessage().indexOf('\n') < 0, "one line");
        closeQuietly(journal);

        assertEquals(acknowledged, readAll(dir).size(), "every acknowledged command, and nothing else");

        assertEquals(0, run("mount", "-o", "remount,size=64m", mountPoint.toString()));
        try (Journal again = Journal.openForWriting(dir, Durability.ASYNC))
        {
            final StockEngine next = new StockEngine(again);
            next.addProduct("B");
            again.commit();
        }
        final List<Long> sequences = readAll(dir);
        assertEquals(acknowledged + 1, sequences.size());
        for (int i = 0; i < acknowledged; i++)
        {
            assertEquals(i + 1, sequences.get(i), "gap-free up to the refusal");
        }
    }

    private static List<Long> readAll(final Path dir)
    {
        final List<Long> firstSequences = new ArrayList<>();
        try (Journal reader = Journal.openForReading(dir))
        {
            reader.read(-1, (index, buffer, offset, length) ->
            {
                firstSequences.add(dev.stockcore.engine.movement.MovementDecoder.batchFirstSequence(buffer, offset));
                return true;
            });
        }
        return firstSequences;
    }

    private static void closeQuietly(final Journal journal)
    {
        try
        {
            journal.close();
        }
        catch (final JournalException expected)
        {
            // Closing commits what is staged, which the full disk refuses again.
        }
    }

    private static int run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "finished: " + String.join(" ", command));
        return process.exitValue();
    }
}
