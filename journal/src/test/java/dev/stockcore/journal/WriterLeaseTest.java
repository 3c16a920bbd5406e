package dev.stockcore.journal;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import dev.stockcore.engine.StockEngine;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deleting {@code writer.lock} (it looks like a stale pid file) must not let a second writer in: the claim
 * recorded in the queue's metadata refuses it while the holder lives, and a writer checks before each excerpt
 * that nothing else appended, failing before it writes (so before it acknowledges) if something did.
 */
class WriterLeaseTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRefuseASecondWriterProcessAfterTheLockFileIsDeletedAndLoseNothing() throws InterruptedException,
        java.io.IOException
    {
        final Path journalDir = dir.resolve("journal");
        final List<Long> acknowledged;
        try (CrashChild.Running first = CrashChild.Running.start(dir.resolve("first.err"), List.of(),
            "write", journalDir.toString(), Durability.ASYNC.name(), "11", "1"))
        {
            first.awaitAcks(300);
            Files.delete(journalDir.resolve(JournalDescriptor.LOCK_FILE));

            try (CrashChild.Running second = CrashChild.Running.start(dir.resolve("second.err"), List.of(),
                "write", journalDir.toString(), Durability.ASYNC.name(), "12", "1000000000"))
            {
                final String line = second.awaitLine("REFUSED ", "RECOVERED ");
                assertTrue(line.startsWith("REFUSED "), "a second writer got in after writer.lock was deleted: " +
                    line + second.diagnostics());
                assertTrue(line.contains("(pid " + first.pid() + ") started "), line);
                assertEquals(CrashChild.REFUSED, second.awaitExit(), second.diagnostics());
                assertTrue(second.acks().isEmpty(), "the refused writer acknowledged " + second.acks());
            }

            final int before = first.acks().size();
            first.awaitAcks(before + 200);
            assertEquals(CrashChild.KILLED, first.kill(), "the first writer stopped: " + first.diagnostics());
            acknowledged = first.acks();
        }

        try (JournaledEngine journaled = JournaledEngine.open(new JournaledEngine.Context()
            .journalDir(journalDir).retentionMillis(CrashChild.RETENTION_MILLIS)))
        {
            final StockEngine engine = journaled.engine();
            for (final long id : acknowledged)
            {
                assertNotEquals(Result.UNKNOWN_RESERVATION, engine.reservationState(id), "reservation " + id);
            }
            assertEquals(Result.OK, engine.addProduct("AFTER"));
            journaled.commit();
        }
    }

    @Test
    void shouldFailBeforeWritingWhenAnotherWriterAppendedBehindItsBack()
    {
        final Path journalDir = dir.resolve("journal");
        final JournaledEngine journaled = JournaledEngine.open(new JournaledEngine.Context().journalDir(journalDir)
            .snapshotEveryMovements(0));
        final StockEngine engine = journaled.engine();
        assertEquals(Result.OK, engine.addProduct("A"));
        journaled.commit();
        final long foreignIndex = appendForeignExcerpt(journalDir);

        assertEquals(Result.OK, engine.adjust(0, 5, EngineLimits.NO_COST));
        final JournalException refused = assertThrows(JournalException.class, journaled::commit);

        assertTrue(refused.getMessage().contains("was written by another writer"), refused.getMessage());
        assertTrue(refused.getMessage().contains("index " + (foreignIndex + 1)), refused.getMessage());
        assertEquals(foreignIndex, journaled.journal().lastIndex(), "this writer appended after the other one");
        // The journal failed: closing writes nothing more (no commit, no snapshot) and releases the files.
        journaled.close();
        try (Journal journal = Journal.openForReading(journalDir))
        {
            assertEquals(foreignIndex, journal.lastIndex());
        }
    }

    @Test
    void shouldRefuseAWriterWhileTheRecordedHolderLives()
    {
        final Path journalDir = dir.resolve("journal");
        createJournal(journalDir);
        final ProcessHandle live = ProcessHandle.current().parent().orElseThrow();
        forgeHolder(journalDir, WriterLease.token(live));

        final JournalException refused = assertThrows(JournalException.class,
            () -> Journal.openForWriting(journalDir, Durability.ASYNC));

        assertTrue(refused.getMessage().contains("(pid " + live.pid() + ") started "), refused.getMessage());
        assertTrue(refused.getMessage().contains(JournalDescriptor.LOCK_FILE + " does not show it"), refused.getMessage());
    }

    @Test
    void shouldTakeTheClaimFromAReusedPidStartedAtAnotherTime()
    {
        final Path journalDir = dir.resolve("journal");
        createJournal(journalDir);
        final ProcessHandle live = ProcessHandle.current().parent().orElseThrow();
        final long startedElsewhen = WriterLease.token(live) - (1L << 32);
        forgeHolder(journalDir, startedElsewhen);

        try (Journal journal = Journal.openForWriting(journalDir, Durability.ASYNC))
        {
            assertEquals(WriterLease.token(ProcessHandle.current()), readHolder(journalDir));
        }
    }

    @Test
    void shouldTakeTheClaimFromAPidThatNoLongerRuns() throws InterruptedException, java.io.IOException
    {
        final Path journalDir = dir.resolve("journal");
        createJournal(journalDir);
        final Process ended = new ProcessBuilder("true").start();
        final ProcessHandle handle = ended.toHandle();
        ended.waitFor();
        forgeHolder(journalDir, (1L << 32) | handle.pid());

        try (JournaledEngine journaled = JournaledEngine.open(new JournaledEngine.Context().journalDir(journalDir)))
        {
            assertEquals(Result.OK, journaled.engine().addProduct("B"));
            journaled.commit();
        }
    }

    @Test
    void shouldGiveTheClaimUpOnAClose()
    {
        final Path journalDir = dir.resolve("journal");
        createJournal(journalDir);

        assertEquals(0, readHolder(journalDir), "a cleanly closed writer still holds the journal");
    }

    private static void createJournal(final Path journalDir)
    {
        try (JournaledEngine journaled = JournaledEngine.open(new JournaledEngine.Context().journalDir(journalDir)))
        {
            journaled.engine().addProduct("A");
            journaled.engine().adjust(0, 10, EngineLimits.NO_COST);
            journaled.engine().reserve(1, EngineLimits.NO_TTL, new OrderLines().add(0, 1));
            journaled.commit();
        }
    }

    private static SingleChronicleQueue rawQueue(final Path journalDir)
    {
        return SingleChronicleQueueBuilder.binary(journalDir.resolve(JournalDescriptor.QUEUE_DIR))
            .rollCycle(RollCycles.FAST_HOURLY)
            .build();
    }

    private static void forgeHolder(final Path journalDir, final long token)
    {
        try (SingleChronicleQueue queue = rawQueue(journalDir))
        {
            queue.metaStore().acquireValueFor(WriterLease.HOLDER_KEY, 0).setVolatileValue(token);
        }
    }

    private static long readHolder(final Path journalDir)
    {
        try (SingleChronicleQueue queue = rawQueue(journalDir))
        {
            return queue.metaStore().acquireValueFor(WriterLease.HOLDER_KEY, 0).getVolatileValue();
        }
    }

    /**
     * Appends a well-formed excerpt the way a writer that ignores the lease would (an older build), through a
     * queue instance of its own.
     *
     * @return its index.
     */
    private static long appendForeignExcerpt(final Path journalDir)
    {
        final StockEngine other = new StockEngine(null, 16, 16, EngineLimits.DEFAULT_RETENTION_MILLIS);
        final ExpandableArrayBuffer batch = new ExpandableArrayBuffer(256);
        final int[] length = new int[1];
        other.movementHandler((buffer, offset, batchLength) ->
        {
            batch.putBytes(JournalDescriptor.HEADER_LENGTH, buffer, offset, batchLength);
            length[0] = batchLength;
        });
        other.addProduct("FOREIGN");
        batch.putInt(JournalDescriptor.VERSION_OFFSET, JournalDescriptor.FORMAT_VERSION, java.nio.ByteOrder.LITTLE_ENDIAN);
        batch.putInt(JournalDescriptor.LENGTH_OFFSET, length[0], java.nio.ByteOrder.LITTLE_ENDIAN);
        try (SingleChronicleQueue queue = rawQueue(journalDir); ExcerptAppender appender = queue.createAppender())
        {
            try (DocumentContext context = appender.writingDocument())
            {
                context.wire().bytes().write(batch.byteArray(), 0, JournalDescriptor.HEADER_LENGTH + length[0]);
            }
            return appender.lastIndexAppended();
        }
    }
}
