package dev.stockcore.journal;

import dev.stockcore.engine.StockEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 1,000,000 random commands journaled, then recovered into a fresh engine: the same state hash, with
 * snapshots in the middle or without any.
 */
class JournalRoundTripTest
{
    private static final int COMMANDS = 1_000_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "snapshot every {0} movements")
    @ValueSource(longs = { 0L, 150_000L })
    void shouldRecoverTheSameStateHash(final long snapshotEvery)
    {
        final long liveHash;
        final long liveSequence;
        final Path journalDir = dir.resolve("j");
        final JournaledEngine.Context context = new JournaledEngine.Context()
            .journalDir(journalDir).snapshotEveryMovements(snapshotEvery).retentionMillis(10_000);
        final long started = System.nanoTime();
        {
            // Not closed: the writer is abandoned as a crash would leave it, without a shutdown snapshot.
            final JournaledEngine journaled = JournaledEngine.open(context);
            final StockEngine engine = journaled.engine();
            final RandomCommands commands = new RandomCommands(snapshotEvery, 200, 1);
            commands.setUp(engine);
            for (int i = 0; i < COMMANDS; i++)
            {
                commands.step(engine);
                if ((i & 255) == 255)
                {
                    journaled.commit();
                }
            }
            journaled.commit();
            liveHash = engine.stateHash();
            liveSequence = engine.sequence();
            assertNull(engine.checkInvariants());
            journaled.journal().close();
        }
        final long written = System.nanoTime();
        final int snapshotsTaken = new SnapshotStore(journalDir).list().size();
        if (snapshotEvery > 0)
        {
            assertTrue(snapshotsTaken >= 2, "snapshots taken: " + snapshotsTaken);
        }

        try (Journal journal = Journal.openForReading(journalDir))
        {
            final Recovery.Outcome result = Recovery.recover(journal, () -> new StockEngine(null, 16, 16, 10_000),
                Recovery.Progress.NONE);
            System.out.printf("round trip, snapshot every %d: %d movements written in %.2f s, recovered in %.2f s " +
                "(%d replayed)%n", snapshotEvery, liveSequence, (written - started) / 1e9, result.nanos() / 1e9,
                result.movementsReplayed());
            assertEquals(liveSequence, result.engine().sequence());
            assertEquals(liveHash, result.engine().stateHash());
            assertNull(result.engine().checkInvariants());
            assertTrue(result.warnings().isEmpty(), result.warnings().toString());
            if (snapshotEvery > 0)
            {
                assertNotNull(result.snapshot());
                assertTrue(result.movementsReplayed() < snapshotEvery * 2, "replayed " + result.movementsReplayed());
            }
            else
            {
                assertNull(result.snapshot());
                assertEquals(liveSequence, result.movementsReplayed());
            }
        }
    }

    @Test
    void shouldContinueTheSameJournalAcrossRuns()
    {
        final Path journalDir = dir.resolve("runs");
        long hash = 0;
        long sequence = 0;
        for (int run = 0; run < 3; run++)
        {
            try (JournaledEngine journaled = JournaledEngine.open(new JournaledEngine.Context().journalDir(journalDir)))
            {
                final StockEngine engine = journaled.engine();
                assertEquals(hash, run == 0 ? 0 : engine.stateHash());
                assertEquals(sequence, engine.sequence());
                final RandomCommands commands = new RandomCommands(run, 50, 1_000_000L * (run + 1));
                commands.setUp(engine);
                for (int i = 0; i < 20_000; i++)
                {
                    commands.step(engine);
                }
                journaled.commit();
                hash = engine.stateHash();
                sequence = engine.sequence();
            }
        }
    }
}
