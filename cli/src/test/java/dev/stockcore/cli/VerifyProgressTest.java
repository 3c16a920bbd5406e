package dev.stockcore.cli;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.StockEngine;
import dev.stockcore.journal.Journal;
import dev.stockcore.journal.RecoveryProgressTest;
import dev.stockcore.journal.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * verify's progress counts excerpts against the excerpt total, as recovery's does (an excerpt holds a group
 * commit's batches).
 */
class VerifyProgressTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReportExcerptsReachedOutOfTheExcerptTotal()
    {
        RecoveryProgressTest.writeGroupedJournal(dir);
        final List<long[]> reports = new ArrayList<>();

        try (Journal journal = Journal.openForReading(dir))
        {
            final long total = journal.countExcerpts(journal.firstIndex(), journal.lastIndex() + 1);
            final JournalVerifier verifier = new JournalVerifier(
                new StockEngine(null, 16, 16, EngineLimits.DEFAULT_RETENTION_MILLIS), -1, new SnapshotStore(dir),
                List.of(), () -> new StockEngine(null, 16, 16, EngineLimits.DEFAULT_RETENTION_MILLIS), false,
                (done, excerpts, movements, nanos) -> reports.add(new long[] { done, excerpts }), total,
                new ArrayList<>(), journal);
            journal.read(-1, verifier);
            assertTrue(verifier.finish(), verifier.problem());
        }

        assertEquals(2, reports.size());
        assertEquals(List.of(1 + 1024L, 1 + 2048L), List.of(reports.get(0)[0], reports.get(0)[1]));
        assertEquals(List.of(1 + 2048L, 1 + 2048L), List.of(reports.get(1)[0], reports.get(1)[1]));
    }
}
