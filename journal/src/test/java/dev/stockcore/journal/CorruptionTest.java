package dev.stockcore.journal;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import dev.stockcore.engine.StockEngine;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wires;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.stockcore.journal.JournalDescriptor.FORMAT_KEY;
import static dev.stockcore.journal.JournalDescriptor.FORMAT_VERSION;
import static dev.stockcore.journal.JournalDescriptor.QUEUE_DIR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damaged and unusual journal directories: each gives the documented behaviour, and a {@link JournalException}
 * with a message naming what is wrong where the journal cannot be used, never another exception type.
 */
class CorruptionTest
{
    private static final long RETENTION_MILLIS = 1_000_000;
    /** The reservation written last, whose excerpt the torn-write cases damage. */
    private static final long LAST_ID = 1_000_000_000L;

    @TempDir
    Path dir;

    // ---------------------------------------------------------------------------------------------
    // The last excerpt
    // ---------------------------------------------------------------------------------------------

    /**
     * A process killed inside {@code onBatch} leaves Chronicle's header of the excerpt marked not complete
     * (0x80000000, length unknown) with part of the data behind it; recovery must end before it.
     */
    @Test
    void shouldRecoverWithoutALastExcerptThatWasNeverCompleted() throws IOException
    {
        final Path journalDir = dir.resolve("journal");
        final Written written = writeEndingWithAThreeLineReservation(journalDir);
        final Excerpt last = lastExcerpt(journalDir);
        last.overwriteHeader(Wires.NOT_COMPLETE_UNKNOWN_LENGTH);
        last.zeroSecondHalf();

        final StockEngine recovered = recover(journalDir).engine();

        assertEquals(written.sequenceBefore, recovered.sequence());
        assertEquals(written.hashBefore, recovered.stateHash());
        assertEquals(Result.UNKNOWN_RESERVATION, recovered.reservationState(LAST_ID));
        assertNull(recovered.checkInvariants());
    }

    @Test
    void shouldContinueTheJournalAfterALastExcerptThatWasNeverCompleted() throws IOException
    {
        final Path journalDir = dir.resolve("journal");
        final Written written = writeEndingWithAThreeLineReservation(journalDir);
        final Excerpt last = lastExcerpt(journalDir);
        last.overwriteHeader(Wires.NOT_COMPLETE_UNKNOWN_LENGTH);
        last.zeroSecondHalf();

        try (JournaledEngine journaled = JournaledEngine.open(context(journalDir)))
        {
            final StockEngine engine = journaled.engine();
            assertEquals(written.hashBefore, engine.stateHash());
            assertEquals(Result.OK, engine.reserve(LAST_ID, EngineLimits.NO_TTL, written.lastLines));
            journaled.commit();
        }
        final StockEngine recovered = recover(journalDir).engine();

        assertEquals(written.sequenceBefore + 3, recovered.sequence());
        assertEquals(Result.OK, recovered.reservationState(LAST_ID));
        assertEquals(1, recovered.openQuantity(LAST_ID, written.lastLines.product(2)));
        assertNull(recovered.checkInvariants());
    }

    /**
     * The same, made by a real process: it opens an excerpt through Chronicle, writes part of a batch and
     * is killed with SIGKILL while inside it (so Chronicle's own write lock is left held by a dead pid too).
     */
    @Test
    void shouldRecoverWithoutAnExcerptWhoseWriterWasKilledInsideIt() throws InterruptedException
    {
        final Path journalDir = dir.resolve("journal");
        final String committed;
        try (CrashChild.Running child = CrashChild.Running.start(dir.resolve("torn.err"), List.of(),
            "torn", journalDir.toString(), "5"))
        {
            committed = child.awaitLine("COMMITTED ");
            child.awaitLine("TORN");
            assertEquals(CrashChild.KILLED, child.kill(), child.diagnostics());
        }

        final StockEngine recovered = recover(journalDir, CrashChild.RETENTION_MILLIS).engine();
        assertEquals(committed, "COMMITTED " + recovered.sequence() + " " + recovered.stateHash());
        assertNull(recovered.checkInvariants());

        try (JournaledEngine journaled = JournaledEngine.open(context(journalDir)
            .retentionMillis(CrashChild.RETENTION_MILLIS)))
        {
            assertEquals(recovered.stateHash(), journaled.engine().stateHash());
            assertEquals(Result.OK, journaled.engine().addProduct("AFTER-TORN"));
            journaled.commit();
        }
        final StockEngine continued = recover(journalDir, CrashChild.RETENTION_MILLIS).engine();
        assertEquals(recovered.sequence() + 1, continued.sequence());
        assertEquals(CrashChild.PRODUCTS + 1, continued.productCount());
    }

    /**
     * Bytes lost after the header was completed (the file cut inside the last excerpt, which a process
     * kill cannot do: Chronicle completes the header last) are not a torn write but a damaged excerpt: its
     * checksum fails and recovery refuses it, naming the excerpt, rather than apply part of it or skip it silently.
     */
    @Test
    void shouldRefuseALastExcerptCutAfterItsHeaderWasCompleted() throws IOException
    {
        final Path journalDir = dir.resolve("journal");
        writeEndingWithAThreeLineReservation(journalDir);
        final Excerpt last = lastExcerpt(journalDir);
        last.truncateFileInTheMiddle();

        final JournalException refused = assertThrows(JournalException.class, () -> recover(journalDir));

        assertTrue(refused.getMessage().contains("damaged at index " + last.index), refused.getMessage());
        assertTrue(refused.getMessage().contains("cut short"), refused.getMessage());
        assertTrue(refused.getMessage().contains("run ./stockcore repair --journal " + journalDir), refused.getMessage());
    }

    // ---------------------------------------------------------------------------------------------
    // Snapshots
    // ---------------------------------------------------------------------------------------------

    /** Ways a snapshot file is damaged, with the reason recovery must give for skipping it. */
    enum SnapshotDamage
    {
        BODY_BYTE_FLIPPED("checksum mismatch", file -> flipByte(file, size(file) / 2)),
        COVERED_INDEX_FLIPPED("checksum mismatch", file -> flipByte(file, 16)),
        CHECKSUM_FLIPPED("checksum mismatch", file -> flipByte(file, size(file) - 8)),
        END_MAGIC_FLIPPED("trailer is missing", file -> flipByte(file, size(file) - 1)),
        CUT_IN_HALF("trailer is missing", file -> truncate(file, size(file) / 2));

        final String reason;
        final Function<Path, Void> damage;

        SnapshotDamage(final String reason, final Function<Path, Void> damage)
        {
            this.reason = reason;
            this.damage = damage;
        }
    }

    @ParameterizedTest
    @EnumSource(SnapshotDamage.class)
    void shouldSkipADamagedSnapshotWithAWarningAndUseThePreviousOne(final SnapshotDamage damage)
    {
        final Path journalDir = dir.resolve("journal");
        final WrittenWithSnapshots written = writeWithTwoSnapshots(journalDir);
        damage.damage.apply(written.newer);

        final Recovery.Outcome result = recover(journalDir);

        assertEquals(1, result.warnings().size(), result.warnings().toString());
        final String warning = result.warnings().get(0);
        assertTrue(warning.contains(written.newer.getFileName().toString()), warning);
        assertTrue(warning.contains(damage.reason), warning);
        assertEquals(written.older, result.snapshot().file());
        assertEquals(written.sequence - written.olderSequence, result.movementsReplayed());
        assertEquals(written.sequence, result.engine().sequence());
        assertEquals(written.hash, result.engine().stateHash());
    }

    @Test
    void shouldReplayTheWholeJournalWhenEverySnapshotIsDamaged()
    {
        final Path journalDir = dir.resolve("journal");
        final WrittenWithSnapshots written = writeWithTwoSnapshots(journalDir);
        flipByte(written.newer, size(written.newer) / 2);
        flipByte(written.older, size(written.older) / 2);

        final Recovery.Outcome result = recover(journalDir);

        assertEquals(2, result.warnings().size(), result.warnings().toString());
        assertTrue(result.warnings().get(0).contains(written.newer.getFileName() + " skipped: checksum mismatch"),
            result.warnings().toString());
        assertTrue(result.warnings().get(1).contains(written.older.getFileName() + " skipped: checksum mismatch"),
            result.warnings().toString());
        assertNull(result.snapshot());
        assertEquals(written.sequence, result.movementsReplayed());
        assertEquals(written.hash, result.engine().stateHash());
    }

    @Test
    void shouldUseThePreviousSnapshotWhenTheNewestIsDeleted() throws IOException
    {
        final Path journalDir = dir.resolve("journal");
        final WrittenWithSnapshots written = writeWithTwoSnapshots(journalDir);
        Files.delete(written.newer);

        final Recovery.Outcome result = recover(journalDir);

        assertEquals(List.of(), result.warnings());
        assertEquals(written.older, result.snapshot().file());
        assertEquals(written.sequence - written.olderSequence, result.movementsReplayed());
        assertEquals(written.hash, result.engine().stateHash());
    }

    @Test
    void shouldReplayTheWholeJournalWhenEverySnapshotIsDeleted() throws IOException
    {
        final Path journalDir = dir.resolve("journal");
        final WrittenWithSnapshots written = writeWithTwoSnapshots(journalDir);
        Files.delete(written.newer);
        Files.delete(written.older);

        final Recovery.Outcome result = recover(journalDir);

        assertNull(result.snapshot());
        assertEquals(written.sequence, result.movementsReplayed());
        assertEquals(written.hash, result.engine().stateHash());
    }

    /** A writer killed while writing a snapshot leaves its temporary file; it is never read. */
    @Test
    void shouldIgnoreATemporarySnapshotLeftByAKilledWriter() throws IOException
    {
        final Path journalDir = dir.resolve("journal");
        final WrittenWithSnapshots written = writeWithTwoSnapshots(journalDir);
        final Path temporary = written.newer.resolveSibling("snapshot-99999999999999999999.snap.tmp");
        Files.write(temporary, Files.readAllBytes(written.newer));
        truncate(temporary, size(temporary) / 2);

        final Recovery.Outcome result = recover(journalDir);

        assertEquals(List.of(), result.warnings());
        assertEquals(written.newer, result.snapshot().file());
        assertEquals(written.hash, result.engine().stateHash());
    }

    // ---------------------------------------------------------------------------------------------
    // Not a journal, not writable, newer format
    // ---------------------------------------------------------------------------------------------

    @Test
    void shouldRefuseADirectoryWithoutAQueueAsNotAJournal() throws IOException
    {
        final Path notJournal = Files.createDirectories(dir.resolve("documents"));
        Files.writeString(notJournal.resolve("notes.txt"), "not a journal");

        final JournalException refused = assertThrows(JournalException.class, () -> Journal.openForReading(notJournal));

        assertTrue(refused.getMessage().contains(notJournal + " is not a stockcore journal"), refused.getMessage());
    }

    @Test
    void shouldRefuseAMissingDirectory()
    {
        final Path missing = dir.resolve("missing");

        final JournalException refused = assertThrows(JournalException.class, () -> Journal.openForReading(missing));

        assertTrue(refused.getMessage().contains("no journal at " + missing), refused.getMessage());
    }

    /**
     * Another application's Chronicle Queue under {@code queue/} (for instance {@code --journal} pointed at
     * the parent of its queue directory) has no stockcore format key; its first excerpt must not be read as
     * a stockcore excerpt of some absurd format version.
     */
    @Test
    void shouldRefuseAnotherApplicationsChronicleQueueAsNotAJournal()
    {
        final Path foreign = dir.resolve("other-application");
        writeForeignQueue(foreign);

        final JournalException refused = assertThrows(JournalException.class, () ->
        {
            try (Journal journal = Journal.openForReading(foreign))
            {
                Recovery.recover(journal, () -> new StockEngine(null, 16, 16, RETENTION_MILLIS), Recovery.Progress.NONE);
            }
        });

        assertTrue(refused.getMessage().contains("is not a stockcore journal"), refused.getMessage());
    }

    @Test
    void shouldRefuseToWriteIntoAnotherApplicationsChronicleQueue()
    {
        final Path foreign = dir.resolve("other-application");
        writeForeignQueue(foreign);

        final JournalException refused = assertThrows(JournalException.class,
            () -> JournaledEngine.open(context(foreign)));

        assertTrue(refused.getMessage().contains("is not a stockcore journal"), refused.getMessage());
        assertEquals(0, formatKey(foreign), "the other application's queue metadata was stamped as a journal");
    }

    /**
     * Root may write anywhere, so the test JVM (uid 0 here) cannot be refused by file permissions. A regular
     * file where the directory should be refuses root too: nothing can be created beneath a file.
     */
    @Test
    void shouldRefuseARegularFileAsTheJournalDirectory() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("journal"), "a file, not a directory");

        final JournalException refused = assertThrows(JournalException.class, () -> JournaledEngine.open(context(file)));

        assertTrue(refused.getMessage().contains("cannot create journal directory " + file), refused.getMessage());
    }

    /**
     * A real permission refusal needs a process that file permissions bind: as root, a child JVM without
     * the capabilities that override them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, dropped with
     * setpriv); as any other user, a plain child. The journal is made read-only (mode a-w) first.
     */
    @Test
    void shouldRefuseToWriteAJournalTheProcessMayNotWrite() throws IOException, InterruptedException
    {
        final Path journalDir = dir.resolve("journal");
        writeWithTwoSnapshots(journalDir);
        makeReadOnly(journalDir);

        try (CrashChild.Running child = CrashChild.Running.start(dir.resolve("write.err"), withoutPermissionOverride(),
            "write", journalDir.toString(), Durability.ASYNC.name(), "1", "1"))
        {
            final String line = child.awaitLine("REFUSED ", "RECOVERED ");
            assertEquals(CrashChild.REFUSED, child.awaitExit(), child.diagnostics());
            assertTrue(line.contains("journal directory " + journalDir + " is not writable"), line);
        }
    }

    /** The writer's refusal above tells the operator to use the read-only commands: they must work. */
    @Test
    void shouldReadAJournalTheProcessMayNotWrite() throws IOException, InterruptedException
    {
        final Path journalDir = dir.resolve("journal");
        final WrittenWithSnapshots written = writeWithTwoSnapshots(journalDir);
        makeReadOnly(journalDir);

        try (CrashChild.Running child = CrashChild.Running.start(dir.resolve("read.err"), withoutPermissionOverride(),
            "recover", journalDir.toString()))
        {
            final String line = child.awaitLine("REFUSED ", "RECOVERED ");
            assertEquals(0, child.awaitExit(), child.diagnostics());
            assertEquals("RECOVERED " + written.sequence + " " + written.hash, line);
        }
    }

    /** How a newer format is refused, by each way of opening a journal. */
    enum Opener
    {
        READER(dir -> Journal.openForReading(dir)),
        WRITER(dir -> Journal.openForWriting(dir, Durability.ASYNC)),
        JOURNALED_ENGINE(dir -> JournaledEngine.open(new JournaledEngine.Context().journalDir(dir)));

        final Function<Path, AutoCloseable> open;

        Opener(final Function<Path, AutoCloseable> open)
        {
            this.open = open;
        }
    }

    @ParameterizedTest
    @EnumSource(Opener.class)
    void shouldRefuseAJournalOfANewerFormatNamingBothVersions(final Opener opener)
    {
        final Path journalDir = dir.resolve("journal");
        writeWithTwoSnapshots(journalDir);
        try (SingleChronicleQueue queue = buildQueue(journalDir))
        {
            queue.metaStore().acquireValueFor(FORMAT_KEY, 0).setOrderedValue(FORMAT_VERSION + 1);
        }

        final JournalException refused = assertThrows(JournalException.class, () -> opener.open.apply(journalDir));

        assertTrue(refused.getMessage().contains("written in format version " + (FORMAT_VERSION + 1)), refused.getMessage());
        assertTrue(refused.getMessage().contains("reads format version " + FORMAT_VERSION), refused.getMessage());
        assertEquals(FORMAT_VERSION + 1, formatKey(journalDir));
    }

    @Test
    void shouldRefuseAnExcerptOfANewerFormatNamingBothVersions()
    {
        final Path journalDir = dir.resolve("journal");
        writeWithTwoSnapshots(journalDir);
        final long index;
        try (SingleChronicleQueue queue = buildQueue(journalDir);
             ExcerptAppender appender = queue.createAppender())
        {
            try (DocumentContext document = appender.writingDocument())
            {
                document.wire().bytes().writeInt(FORMAT_VERSION + 1).writeInt(8).writeLong(0);
            }
            index = appender.lastIndexAppended();
        }

        final JournalException refused = assertThrows(JournalException.class, () -> recover(journalDir));

        assertTrue(refused.getMessage().contains("written in format version " + (FORMAT_VERSION + 1) +
            " (excerpt at index 0x" + Long.toHexString(index) + " (" + index + ") in queue/"), refused.getMessage());
        assertTrue(refused.getMessage().contains("reads format version " + FORMAT_VERSION), refused.getMessage());
    }

    // ---------------------------------------------------------------------------------------------
    // Writing journals
    // ---------------------------------------------------------------------------------------------

    private static JournaledEngine.Context context(final Path journalDir)
    {
        return new JournaledEngine.Context().journalDir(journalDir).snapshotEveryMovements(0)
            .retentionMillis(RETENTION_MILLIS);
    }

    private static Recovery.Outcome recover(final Path journalDir)
    {
        return recover(journalDir, RETENTION_MILLIS);
    }

    private static Recovery.Outcome recover(final Path journalDir, final long retentionMillis)
    {
        try (Journal journal = Journal.openForReading(journalDir))
        {
            return Recovery.recover(journal, () -> new StockEngine(null, 16, 16, retentionMillis), Recovery.Progress.NONE);
        }
    }

    /** A journal whose last excerpt is one three-line reservation, and the state just before it. */
    private record Written(long sequenceBefore, long hashBefore, OrderLines lastLines)
    {
    }

    /**
     * Writes a random load, then one reservation of three lines (three movements in one excerpt), and
     * abandons the writer as a crash would: the journal is closed without the shutdown snapshot.
     */
    private static Written writeEndingWithAThreeLineReservation(final Path journalDir)
    {
        final JournaledEngine journaled = JournaledEngine.open(context(journalDir));
        final StockEngine engine = journaled.engine();
        final RandomCommands commands = new RandomCommands(11, 50, 1);
        commands.setUp(engine);
        for (int i = 0; i < 3_000; i++)
        {
            commands.step(engine);
        }
        final OrderLines lines = new OrderLines();
        for (int i = 0; i < 3; i++)
        {
            engine.addProduct("LAST-" + i);
            final int product = engine.productIndex("LAST-" + i);
            engine.adjust(product, 10, EngineLimits.NO_COST);
            lines.add(product, 1);
        }
        journaled.commit();
        final Written written = new Written(engine.sequence(), engine.stateHash(), lines);
        assertEquals(Result.OK, engine.reserve(LAST_ID, EngineLimits.NO_TTL, lines));
        journaled.commit();
        assertEquals(written.sequenceBefore + 3, engine.sequence());
        journaled.journal().close();
        return written;
    }

    /** A journal with two snapshots in the middle and movements after each. */
    private record WrittenWithSnapshots(long sequence, long hash, Path older, long olderSequence, Path newer)
    {
    }

    private static WrittenWithSnapshots writeWithTwoSnapshots(final Path journalDir)
    {
        final JournaledEngine journaled = JournaledEngine.open(context(journalDir));
        final StockEngine engine = journaled.engine();
        final RandomCommands commands = new RandomCommands(21, 50, 1);
        commands.setUp(engine);
        final List<Path> snapshots = new ArrayList<>();
        final List<Long> sequences = new ArrayList<>();
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 3_000; i++)
            {
                commands.step(engine);
            }
            journaled.commit();
            if (round < 2)
            {
                snapshots.add(journaled.snapshot());
                sequences.add(engine.sequence());
            }
        }
        final WrittenWithSnapshots written = new WrittenWithSnapshots(engine.sequence(), engine.stateHash(),
            snapshots.get(0), sequences.get(0), snapshots.get(1));
        assertTrue(written.olderSequence < written.sequence, "movements after the snapshots");
        // Abandoned as a crash would: no shutdown snapshot, so recovery replays after the newest one.
        journaled.journal().close();
        return written;
    }

    private static void writeForeignQueue(final Path dir)
    {
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir.resolve(QUEUE_DIR)).build();
             ExcerptAppender appender = queue.createAppender())
        {
            appender.writeText("order 17 placed");
            appender.writeDocument(wire -> wire.write("price").float64(12.5));
        }
    }

    private static SingleChronicleQueue buildQueue(final Path journalDir)
    {
        return SingleChronicleQueueBuilder.binary(journalDir.resolve(QUEUE_DIR)).rollCycle(RollCycles.FAST_HOURLY).build();
    }

    private static long formatKey(final Path journalDir)
    {
        try (SingleChronicleQueue queue = buildQueue(journalDir))
        {
            return queue.metaStore().acquireValueFor(FORMAT_KEY, 0).getVolatileValue();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Damaging files
    // ---------------------------------------------------------------------------------------------

    /** Where the last excerpt of the queue lies in its cycle file. */
    private record Excerpt(long index, Path file, long dataStart, int length)
    {
        /** Rewrites the 4-byte Chronicle header in front of the data, after checking it is the header. */
        void overwriteHeader(final int header) throws IOException
        {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                final ByteBuffer bytes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
                channel.read(bytes, dataStart - 4);
                assertEquals(length, bytes.flip().getInt() & Wires.LENGTH_MASK, "not the excerpt's header");
                channel.write(bytes.clear().putInt(header).flip(), dataStart - 4);
            }
        }

        void zeroSecondHalf() throws IOException
        {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
            {
                channel.write(ByteBuffer.allocate(length - length / 2), dataStart + length / 2);
            }
        }

        void truncateFileInTheMiddle() throws IOException
        {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
            {
                channel.truncate(dataStart + length / 2);
            }
        }
    }

    private static Excerpt lastExcerpt(final Path journalDir)
    {
        try (SingleChronicleQueue queue = buildQueue(journalDir);
             ExcerptTailer tailer = queue.createTailer())
        {
            final long index = queue.lastIndex();
            assertTrue(tailer.moveToIndex(index), "no excerpt at the last index " + index);
            try (DocumentContext document = tailer.readingDocument())
            {
                assertTrue(document.isPresent());
                final Bytes<?> bytes = document.wire().bytes();
                final Path file = ((MappedBytes)bytes).mappedFile().file().toPath();
                return new Excerpt(index, file, bytes.readPosition(), (int)bytes.readRemaining());
            }
        }
    }

    private static long size(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static Void flipByte(final Path file, final long position)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer bytes = ByteBuffer.allocate(1);
            channel.read(bytes, position);
            bytes.put(0, (byte)~bytes.get(0));
            channel.write(bytes.flip(), position);
            return null;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static Void truncate(final Path file, final long size)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.truncate(size);
            return null;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static void makeReadOnly(final Path journalDir) throws IOException
    {
        final List<Path> paths;
        try (Stream<Path> walk = Files.walk(journalDir))
        {
            paths = walk.toList();
        }
        for (final Path path : paths)
        {
            final Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            permissions.removeAll(Set.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_WRITE));
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    /** The command prefix that makes a child process subject to file permissions (see the tests using it). */
    private static List<String> withoutPermissionOverride() throws IOException
    {
        final int uid = (Integer)Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (uid != 0)
        {
            return List.of();
        }
        final Path setpriv = Stream.of("/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv")
            .map(Path::of).filter(Files::isExecutable).findFirst()
            .orElseThrow(() -> new AssertionError("running as root, this test needs setpriv (util-linux) to " +
                "drop the capabilities that let root ignore file permissions"));
        return List.of(setpriv.toString(), "--bounding-set=-dac_override,-dac_read_search,-fowner", "--inh-caps=-all", "--");
    }
}
