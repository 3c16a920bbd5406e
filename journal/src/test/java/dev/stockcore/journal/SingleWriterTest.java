package dev.stockcore.journal;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import dev.stockcore.engine.StockEngine;
import dev.stockcore.engine.movement.MovementDecoder;
import dev.stockcore.engine.movement.MovementKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One writer per journal, enforced by an OS file lock: a second writer is refused while the first runs,
 * whether it is another process or the same one; readers are not; and a writer killed with SIGKILL
 * leaves no lock behind.
 */
class SingleWriterTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRefuseASecondWriterWhileAnotherProcessWrites() throws InterruptedException
    {
        final Path journalDir = dir.resolve("journal");
        try (CrashChild.Running writer = startWriter(journalDir))
        {
            writer.awaitAcks(1);

            final JournalException refused = assertThrows(JournalException.class, () -> JournaledEngine.open(
                new JournaledEngine.Context().journalDir(journalDir)));

            assertTrue(refused.getMessage().contains("already open for writing by another process"), refused.getMessage());
            assertTrue(refused.getMessage().contains("(pid " + writer.pid() + ")"), refused.getMessage());
            assertTrue(refused.getMessage().contains(journalDir.toString()), refused.getMessage());
        }
    }

    @Test
    void shouldLetAReaderReadWhileAnotherProcessWrites() throws InterruptedException
    {
        final Path journalDir = dir.resolve("journal");
        try (CrashChild.Running writer = startWriter(journalDir))
        {
            writer.awaitAcks(100);
            final List<Long> acknowledged = writer.acks();

            final Set<Long> reserved = new HashSet<>();
            final long batches;
            try (Journal journal = Journal.openForReading(journalDir))
            {
                final MovementDecoder decoder = new MovementDecoder();
                batches = journal.read(-1, (index, buffer, offset, length) ->
                {
                    for (decoder.wrapBatch(buffer, offset); decoder.next(); )
                    {
                        if (decoder.kind() == MovementKind.RESERVED)
                        {
                            reserved.add(decoder.reservationId());
                        }
                    }
                    return true;
                });
            }

            assertTrue(batches > 0, "batches read: " + batches);
            assertTrue(reserved.containsAll(acknowledged), "the reader misses acknowledged reservations");
            assertEquals(CrashChild.KILLED, writer.kill(), "the writer ended before it was killed" + writer.diagnostics());
        }
    }

    @Test
    void shouldAcceptANewWriterOnceTheWriterProcessIsKilled() throws InterruptedException
    {
        final Path journalDir = dir.resolve("journal");
        final List<Long> acknowledged;
        try (CrashChild.Running writer = startWriter(journalDir))
        {
            writer.awaitAcks(1);
            assertEquals(CrashChild.KILLED, writer.kill(), "the writer ended before it was killed" + writer.diagnostics());
            acknowledged = writer.acks();
        }

        try (JournaledEngine journaled = JournaledEngine.open(new JournaledEngine.Context()
            .journalDir(journalDir).retentionMillis(CrashChild.RETENTION_MILLIS)))
        {
            final StockEngine engine = journaled.engine();
            for (final long id : acknowledged)
            {
                assertNotEquals(Result.UNKNOWN_RESERVATION, engine.reservationState(id), "reservation " + id);
            }
            assertEquals(Result.OK, engine.addProduct("AFTER-KILL"));
            journaled.commit();
        }
        try (Journal journal = Journal.openForReading(journalDir))
        {
            final StockEngine recovered = Recovery.recover(journal,
                () -> new StockEngine(null, 16, 16, CrashChild.RETENTION_MILLIS), Recovery.Progress.NONE).engine();
            assertTrue(recovered.productIndex("AFTER-KILL") >= 0, "the new writer's command is not in the journal");
        }
    }

    @Test
    void shouldRefuseASecondWriterInTheSameProcess()
    {
        final Path journalDir = dir.resolve("journal");
        try (JournaledEngine first = JournaledEngine.open(new JournaledEngine.Context().journalDir(journalDir)))
        {
            final JournalException refused = assertThrows(JournalException.class, () -> JournaledEngine.open(
                new JournaledEngine.Context().journalDir(journalDir)));

            assertTrue(refused.getMessage().contains("already open for writing"), refused.getMessage());
            assertTrue(refused.getMessage().contains("(pid " + ProcessHandle.current().pid() + ")"), refused.getMessage());
            assertEquals(Result.OK, first.engine().addProduct("STILL-WRITING"));
            first.commit();
        }
    }

    /**
     * The lock is a POSIX record lock, which a process drops when it closes any descriptor of the file;
     * a refused second open in the same process must not close one, or a third process gets in.
     */
    @Test
    void shouldKeepTheLockWhenASecondWriterInTheSameProcessIsRefused() throws InterruptedException
    {
        final Path journalDir = dir.resolve("journal");
        try (JournaledEngine first = JournaledEngine.open(new JournaledEngine.Context().journalDir(journalDir)))
        {
            final StockEngine engine = first.engine();
            engine.addProduct("A");
            engine.adjust(0, 10, EngineLimits.NO_COST);
            assertEquals(Result.OK, engine.reserve(1, EngineLimits.NO_TTL, new OrderLines().add(0, 1)));
            first.commit();
            assertThrows(JournalException.class, () -> JournaledEngine.open(
                new JournaledEngine.Context().journalDir(journalDir)));

            try (CrashChild.Running other = startWriter(journalDir))
            {
                final String line = other.awaitLine("REFUSED ", "RECOVERED ");
                assertTrue(line.startsWith("REFUSED "), "another process opened the journal for writing while " +
                    "this process still writes it: " + line);
                assertTrue(line.contains("(pid " + ProcessHandle.current().pid() + ")"), line);
                assertEquals(CrashChild.REFUSED, other.awaitExit(), other.diagnostics());
            }
        }
    }

    private CrashChild.Running startWriter(final Path journalDir)
    {
        return CrashChild.Running.start(dir.resolve("writer.err"), List.of(),
            "write", journalDir.toString(), Durability.ASYNC.name(), "7", "1");
    }
}
