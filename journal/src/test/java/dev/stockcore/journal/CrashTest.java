package dev.stockcore.journal;

import dev.stockcore.engine.Result;
import dev.stockcore.engine.StockEngine;
import dev.stockcore.engine.movement.MovementDecoder;
import dev.stockcore.engine.movement.MovementKind;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A writer in a child JVM runs a random load on a journal and prints each reservation id it acknowledged
 * after its group commit; the test kills it with SIGKILL at a random point, recovers the journal, checks
 * that nothing acknowledged is lost and nothing is half there, and starts the next writer on the same
 * journal. Reproduce a failure with {@code -Dstockcore.crash.seed=<seed printed in the message>}.
 */
class CrashTest
{
    /** Kills happen after 0..MAX_ACKS acknowledgements; 0 kills the writer just after it has recovered. */
    private static final int MAX_ACKS = 3_000;
    /** Each run's reservation ids start at a multiple of this, so runs never reuse an id. */
    private static final long ID_STRIDE = 1_000_000_000L;

    @TempDir
    Path dir;

    /**
     * @param durability       the writer's policy.
     * @param kills            runs, each ended by SIGKILL.
     * @param snapshotsAtLeast recoveries that must have started from a snapshot, so that path is crashed
     *                         into too (a run snapshots once it has written 5,000 movements; with 20 runs
     *                         the chance that none does is below 10^-6).
     */
    @ParameterizedTest(name = "{0}, {1} kills")
    @CsvSource({ "ASYNC, 20, 1", "SYNC, 3, 0" })
    void shouldKeepEveryAcknowledgedReservationWhenTheWriterIsKilled(
        final Durability durability, final int kills, final int snapshotsAtLeast) throws InterruptedException
    {
        final long seed = Long.getLong("stockcore.crash.seed", System.nanoTime());
        final SplittableRandom random = new SplittableRandom(seed);
        final Path journalDir = dir.resolve("journal");
        final List<Long> acknowledged = new ArrayList<>();
        final JournalTail tail = new JournalTail();
        String recoveredState = null;
        int fromSnapshot = 0;
        final long started = System.nanoTime();

        for (int run = 0; run < kills; run++)
        {
            final String where = " (seed " + seed + ", run " + run + ")";
            final int acksBeforeKill = random.nextInt(MAX_ACKS + 1);
            final List<Long> acksOfRun;
            try (CrashChild.Running child = CrashChild.Running.start(dir.resolve("child-" + run + ".err"), List.of(),
                "write", journalDir.toString(), durability.name(), Long.toString(seed + run),
                Long.toString((run + 1) * ID_STRIDE)))
            {
                final String recovered = child.awaitLine("RECOVERED ", "REFUSED ");
                assertTrue(recovered.startsWith("RECOVERED "), recovered + where);
                if (recoveredState != null)
                {
                    assertEquals("RECOVERED " + recoveredState, recovered,
                        "the writer did not continue from the state recovered after the previous kill" + where +
                        child.diagnostics());
                }
                child.awaitAcks(acksBeforeKill);
                assertEquals(CrashChild.KILLED, child.kill(), "the writer ended before it was killed" + where +
                    child.diagnostics());
                acksOfRun = child.acks();
            }
            assertTrue(acksOfRun.size() >= acksBeforeKill, acksOfRun.size() + " acknowledgements" + where);
            acknowledged.addAll(acksOfRun);

            try (Journal journal = Journal.openForReading(journalDir))
            {
                final Recovery.Outcome result = Recovery.recover(journal,
                    () -> new StockEngine(null, 16, 16, CrashChild.RETENTION_MILLIS), Recovery.Progress.NONE);
                final StockEngine engine = result.engine();
                assertEquals(List.of(), result.warnings(), "recovery skipped something" + where);
                fromSnapshot += result.snapshot() != null ? 1 : 0;
                assertNull(engine.checkInvariants(), "invariant broken after recovery" + where);
                tail.readNewBatches(journal);
                assertEquals(tail.lastSequence, engine.sequence(),
                    "recovered sequence differs from the journal's last movement" + where);
                assertAllKnown(engine, acknowledged, where);
                // The next writer completes a time advance the kill cut between its batches, then reports.
                engine.expirePending();
                assertNull(engine.checkInvariants(), "invariant broken after completing pending expiries" + where);
                recoveredState = engine.sequence() + " " + engine.stateHash();
            }
        }
        assertTrue(fromSnapshot >= snapshotsAtLeast, fromSnapshot + " recoveries started from a snapshot (seed " +
            seed + ")");
        assertFullReplayMatchesRecovery(journalDir, seed);
        System.out.printf("crash test %s: %d kills, %d reservations acknowledged, %d movements, %d batches, " +
                "%d recoveries from a snapshot, in %.1f s (seed %d)%n", durability, kills, acknowledged.size(),
            tail.lastSequence, tail.batches, fromSnapshot, (System.nanoTime() - started) / 1e9, seed);
    }

    /** Every batch replayed onto an empty engine gives the state recovery builds from the newest snapshot. */
    private static void assertFullReplayMatchesRecovery(final Path journalDir, final long seed)
    {
        try (Journal journal = Journal.openForReading(journalDir))
        {
            final StockEngine recovered = Recovery.recover(journal,
                () -> new StockEngine(null, 16, 16, CrashChild.RETENTION_MILLIS), Recovery.Progress.NONE).engine();
            final StockEngine replayed = new StockEngine(null, 16, 16, CrashChild.RETENTION_MILLIS);
            journal.read(-1, (index, buffer, offset, length) ->
            {
                replayed.applyBatch(buffer, offset);
                return true;
            });
            assertEquals(recovered.sequence(), replayed.sequence(), "full replay sequence (seed " + seed + ")");
            assertEquals(recovered.stateHash(), replayed.stateHash(), "full replay state hash (seed " + seed + ")");
        }
    }

    private static void assertAllKnown(final StockEngine engine, final List<Long> acknowledged, final String where)
    {
        final List<Long> lost = new ArrayList<>();
        for (final long id : acknowledged)
        {
            if (engine.reservationState(id) == Result.UNKNOWN_RESERVATION)
            {
                lost.add(id);
            }
        }
        if (!lost.isEmpty())
        {
            fail(lost.size() + " of " + acknowledged.size() + " acknowledged reservations are unknown after " +
                "recovery" + where + ", first: " + lost.subList(0, Math.min(10, lost.size())));
        }
    }

    /**
     * Reads the journal from where it left off, checking that each excerpt holds exactly one whole batch,
     * that a reservation's batch holds all its lines, and that movement sequences run on without a gap from
     * batch to batch and within each batch; remembers the last sequence.
     */
    private static final class JournalTail
    {
        private final MovementDecoder decoder = new MovementDecoder();
        private long lastIndex = -1;
        private long lastSequence;
        private long batches;

        void readNewBatches(final Journal journal)
        {
            journal.read(lastIndex, (index, buffer, offset, length) ->
            {
                int movements = 0;
                boolean reservation = false;
                for (decoder.wrapBatch(buffer, offset); decoder.next(); movements++)
                {
                    if (decoder.sequence() != lastSequence + 1)
                    {
                        fail("journal excerpt at index " + index + " has movement sequence " + decoder.sequence() +
                            " after " + lastSequence);
                    }
                    lastSequence = decoder.sequence();
                    reservation = movements == 0 ? decoder.kind() == MovementKind.RESERVED : reservation;
                    if (reservation && (decoder.kind() != MovementKind.RESERVED || decoder.line() != movements))
                    {
                        fail("journal excerpt at index " + index + " holds part of a reservation: movement " +
                            movements + " is " + decoder.kind() + " line " + decoder.line());
                    }
                }
                assertTrue(movements > 0, "journal excerpt at index " + index + " holds no movement");
                if (reservation)
                {
                    assertEquals(decoder.lineCount(), movements,
                        "journal excerpt at index " + index + " holds part of a reservation's lines");
                }
                assertEquals(length, MovementDecoder.batchLength(buffer, offset),
                    "journal excerpt at index " + index + ": batch length");
                assertEquals(offset + length, decoder.offset() + decoder.encodedLength(),
                    "journal excerpt at index " + index + ": its movements do not fill the batch");
                lastIndex = index;
                batches++;
                return true;
            });
        }
    }
}
