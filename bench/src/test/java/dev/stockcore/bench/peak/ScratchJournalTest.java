package dev.stockcore.bench.peak;

import dev.stockcore.bench.BenchCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journaled benchmark target deletes the journal it wrote when it closes: the output directory keeps the
 * results only; and a directory that was there before is never deleted.
 */
class ScratchJournalTest
{
    @TempDir
    Path out;

    @Test
    void shouldLeaveOnlyResultsAfterAJournaledPeakSeries() throws IOException
    {
        final int status = BenchCli.commandLine().execute("peak", "--target", "engine-journaled", "--model", "peak",
            "--rates", "2k", "--initial-warmup", "0.2", "--warmup", "0.2", "--duration", "0.5",
            "--no-until-saturated", "--out", out.toString());

        assertEquals(0, status);
        final List<String> left;
        try (Stream<Path> files = Files.list(out))
        {
            left = files.map(file -> file.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        assertEquals(List.of("engine-journaled-2000.hgrm", "latency-engine-journaled.png", "summary.json"), left);
    }

    @Test
    void shouldDeleteWhatItCreatedUpToTheFirstExistingDirectory() throws IOException
    {
        final ScratchJournal scratch = ScratchJournal.at(out.resolve("runtime").resolve("runtime-journal"));
        Files.createDirectories(out.resolve("runtime").resolve("runtime-journal").resolve("queue"));
        Files.writeString(out.resolve("runtime").resolve("runtime-journal").resolve("queue").resolve("a.cq4"), "x");

        scratch.delete();

        assertFalse(Files.exists(out.resolve("runtime")));
        assertTrue(Files.isDirectory(out));
    }

    @Test
    void shouldNeverDeleteAJournalDirectoryThatExistedBefore() throws IOException
    {
        final Path existing = Files.createDirectories(out.resolve("journal"));
        Files.writeString(existing.resolve("keep.txt"), "someone's");
        final ScratchJournal scratch = ScratchJournal.at(existing);

        scratch.delete();

        assertTrue(Files.isRegularFile(existing.resolve("keep.txt")));
    }
}
