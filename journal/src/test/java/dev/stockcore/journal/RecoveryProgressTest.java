package dev.stockcore.journal;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.Result;
import dev.stockcore.engine.StockEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Recovery's progress counts excerpts against the excerpt total: an excerpt holds a whole group commit's
 * batches, so counting batches against excerpts read 100% from the first report.
 */
public class RecoveryProgressTest
{
    /** Commands per group commit, so per excerpt. */
    static final int GROUP = 64;
    /** Adjustments written after the product: two progress reports' worth of batches. */
    static final int ADJUSTMENTS = 2 << 16;

    @TempDir
    Path dir;

    @Test
    void shouldReportExcerptsReachedOutOfTheExcerptTotal()
    {
        writeGroupedJournal(dir);
        final List<long[]> reports = new ArrayList<>();

        try (Journal journal = Journal.openForReading(dir))
        {
            Recovery.recover(journal, () -> new StockEngine(null, 16, 16, EngineLimits.DEFAULT_RETENTION_MILLIS),
                (done, total, movements, nanos) -> reports.add(new long[] { done, total, movements }));
        }

        // Batch 65,536 is the product's excerpt plus 1,024 excerpts of 64; the journal holds 1 + 2,048.
        assertEquals(2, reports.size());
        assertEquals(List.of(1 + 1024L, 1 + 2048L, 65_536L), List.of(reports.get(0)[0], reports.get(0)[1],
            reports.get(0)[2]));
        assertEquals(List.of(1 + 2048L, 1 + 2048L), List.of(reports.get(1)[0], reports.get(1)[1]));
    }

    /**
     * A journal of one product, then {@value #ADJUSTMENTS} adjustments committed {@value #GROUP} at a time;
     * closed without a snapshot, so recovery replays all of it.
     *
     * @param dir the journal directory.
     */
    public static void writeGroupedJournal(final Path dir)
    {
        final JournaledEngine journaled = JournaledEngine.open(new JournaledEngine.Context().journalDir(dir)
            .snapshotEveryMovements(0));
        final StockEngine engine = journaled.engine();
        assertEquals(Result.OK, engine.addProduct("A"));
        journaled.commit();
        for (int i = 1; i <= ADJUSTMENTS; i++)
        {
            engine.adjust(0, 1, EngineLimits.NO_COST);
            if (i % GROUP == 0)
            {
                journaled.commit();
            }
        }
        journaled.closeWithoutSnapshot();
    }
}
