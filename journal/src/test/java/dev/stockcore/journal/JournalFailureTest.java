package dev.stockcore.journal;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.Result;
import dev.stockcore.engine.StockEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal that failed (any Throwable, an Error delivered after the write included) is written no more: no
 * commit, no staged batch at close, no snapshot, and the engine refuses the next command.
 */
class JournalFailureTest
{
    @TempDir
    Path dir;

    @Test
    void shouldWriteNothingMoreAfterAnErrorFromTheJournal() throws IOException
    {
        final JournaledEngine journaled = JournaledEngine.open(new JournaledEngine.Context().journalDir(dir));
        final StockEngine engine = journaled.engine();
        assertEquals(Result.OK, engine.addProduct("A"));
        journaled.commit();
        assertEquals(Result.OK, engine.count(0, 10, EngineLimits.NO_COST));    // staged, not committed

        journaled.markFailed(new InternalError("a fault occurred in a recent unsafe memory access operation"));

        assertTrue(journaled.isFailed());
        final JournalException refused = assertThrows(JournalException.class, journaled::commit);
        assertTrue(refused.getMessage().contains("failed earlier"), refused.getMessage());
        assertThrows(JournalException.class, journaled::snapshot);
        assertThrows(RuntimeException.class, () -> engine.addProduct("B"));
        assertTrue(engine.isFailed(), "the engine refuses every later command");
        journaled.close();

        try (Stream<Path> snapshots = Files.list(dir.resolve(JournalDescriptor.SNAPSHOT_DIR)))
        {
            assertEquals(0, snapshots.count(), "no snapshot of a state the journal does not hold");
        }
        try (Journal journal = Journal.openForReading(dir))
        {
            final Recovery.Outcome recovered = Recovery.recover(journal,
                new JournaledEngine.Context().journalDir(dir)::newEngine, Recovery.Progress.NONE);
            assertEquals(1, recovered.engine().sequence(), "the staged count was not written at close");
        }
    }
}
