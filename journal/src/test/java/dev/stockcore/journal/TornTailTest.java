package dev.stockcore.journal;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import dev.stockcore.engine.StockEngine;
import net.openhft.chronicle.wire.Wires;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import static dev.stockcore.journal.JournalDescriptor.QUEUE_DIR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Torn tails of a real journal's newest cycle file (cut at many offsets, zero-filled from a page boundary, a
 * whole excerpt zeroed) and damaged queue metadata: every reader refuses with one line naming the file, the
 * index and {@code repair}; {@link Repair} cuts exactly the excerpts that were not whole, so recovery then
 * finds every whole excerpt, and the journal takes new commands again. Readers change no byte, size or time
 * of any file.
 */
class TornTailTest
{
    private static final long RETENTION_MILLIS = 1_000_000;
    private static final int COMMANDS = 120;

    @TempDir
    Path dir;

    @Test
    void shouldRefuseEveryCutOfTheLastCycleFileAndRepairItWithoutDroppingAWholeExcerpt() throws IOException
    {
        final Path pristine = dir.resolve("pristine");
        write(pristine, false);
        final Path cycle = cycleFile(pristine);
        final List<long[]> excerpts = dataExcerpts(cycle);
        final long end = excerpts.get(excerpts.size() - 1)[1];
        final List<Long> offsets = new ArrayList<>();
        for (long offset = excerpts.get(excerpts.size() - 3)[0]; offset <= end; offset++)
        {
            offsets.add(offset);     // every byte of the last three excerpts
        }
        for (long offset = 0; offset < excerpts.get(excerpts.size() - 3)[0]; offset += 997)
        {
            offsets.add(offset);     // and across the file, its Chronicle header and index included
        }
        int repaired = 0;
        for (final long offset : offsets)
        {
            final Path cut = dir.resolve("cut-" + offset);
            copyCut(pristine, cut, offset);
            final long whole = excerpts.stream().filter(e -> e[1] <= offset).count();

            final JournalException refused = assertThrows(JournalException.class, () -> recover(cut), "cut at " + offset);
            assertOneLine(refused.getMessage(), cut, "cut at " + offset);
            assertTrue(refused.getMessage().contains(cut.relativize(cycleFile(cut)).toString()), refused.getMessage());
            assertTrue(refused.getMessage().contains("cut short"), refused.getMessage());

            // Repairing each is slow (Chronicle writes a new cycle file): every byte of the last excerpt, and a
            // sample of the rest.
            if (offset > excerpts.get(excerpts.size() - 1)[0] - 8 || offset % 7 == 0)
            {
                final Repair.Outcome outcome = Repair.repair(cut);
                assertEquals(Repair.Status.REPAIRED, outcome.status(), "cut at " + offset + ": " + outcome.lines());
                assertTrue(outcome.lines().get(0).startsWith("cut " + Path.of(QUEUE_DIR)), outcome.lines().toString());
                final StockEngine recovered = recover(cut).engine();
                assertEquals(whole, recovered.sequence(), "cut at " + offset + ": every whole excerpt is kept");
                assertNull(recovered.checkInvariants());
                assertEquals(Repair.Status.NOTHING_TO_DO, Repair.repair(cut).status());
                repaired++;
            }
            deleteTree(cut);
        }
        // Compact excerpts are small, so the sample is: every byte of the last excerpt and every 7th offset.
        assertTrue(repaired > 50, "repaired " + repaired);
    }

    @Test
    void shouldTakeNewCommandsAfterARepair() throws IOException
    {
        final Path journal = dir.resolve("journal");
        write(journal, false);
        final List<long[]> excerpts = dataExcerpts(cycleFile(journal));
        final long[] last = excerpts.get(excerpts.size() - 1);
        truncate(cycleFile(journal), (last[0] + last[1]) / 2);

        assertThrows(JournalException.class, () -> JournaledEngine.open(context(journal)));
        assertEquals(Repair.Status.REPAIRED, Repair.repair(journal).status());
        try (JournaledEngine journaled = JournaledEngine.open(context(journal)))
        {
            assertEquals(COMMANDS, journaled.engine().sequence());
            assertEquals(Result.OK, journaled.engine().addProduct("AFTER-REPAIR"));
            journaled.commit();
        }
        assertEquals(COMMANDS + 1, recover(journal).engine().sequence());
    }

    @Test
    void shouldRefuseAndRepairATailZeroFilledFromAPageBoundary() throws IOException
    {
        final Path journal = dir.resolve("journal");
        write(journal, false);
        final Path cycle = cycleFile(journal);
        final List<long[]> excerpts = dataExcerpts(cycle);
        final long end = excerpts.get(excerpts.size() - 1)[1];
        long page = -1;
        int straddling = -1;
        for (int i = 0; i < excerpts.size() && straddling < 0; i++)
        {
            final long boundary = (excerpts.get(i)[0] + 4 + 4095) & ~4095L;
            if (boundary < excerpts.get(i)[1] - 8)
            {
                page = boundary;
                straddling = i;
            }
        }
        assertTrue(straddling > 0, "an excerpt crosses a page boundary");
        zero(cycle, page, end);

        final JournalException refused = assertThrows(JournalException.class, () -> recover(journal));
        assertOneLine(refused.getMessage(), journal, "zeroed");
        assertTrue(refused.getMessage().contains("zero-filled"), refused.getMessage());

        final Repair.Outcome outcome = Repair.repair(journal);
        assertEquals(Repair.Status.REPAIRED, outcome.status(), outcome.lines().toString());
        assertTrue(outcome.lines().get(0).contains("1 excerpt(s)"), outcome.lines().toString());
        assertEquals(straddling, recover(journal).engine().sequence());
    }

    @Test
    void shouldRefuseAndRepairALastExcerptWhosePayloadIsAllZero() throws IOException
    {
        final Path journal = dir.resolve("journal");
        write(journal, false);
        final Path cycle = cycleFile(journal);
        final List<long[]> excerpts = dataExcerpts(cycle);
        final long[] last = excerpts.get(excerpts.size() - 1);
        zero(cycle, last[0] + 4, last[1]);

        final JournalException refused = assertThrows(JournalException.class, () -> JournaledEngine.open(context(journal)));
        assertOneLine(refused.getMessage(), journal, "zeroed");
        assertTrue(refused.getMessage().contains("zero-filled"), refused.getMessage());

        assertEquals(Repair.Status.REPAIRED, Repair.repair(journal).status());
        assertEquals(COMMANDS, recover(journal).engine().sequence());
    }

    @Test
    void shouldRefuseToCutExcerptsASnapshotCovers() throws IOException
    {
        final Path journal = dir.resolve("journal");
        write(journal, true);
        final List<long[]> excerpts = dataExcerpts(cycleFile(journal));
        final long[] last = excerpts.get(excerpts.size() - 1);
        truncate(cycleFile(journal), (last[0] + last[1]) / 2);
        // Repair takes the writer lock, which writes its pid to writer.lock: the journal's data must not change.
        final String before = fingerprint(journal.resolve(QUEUE_DIR)) + fingerprint(journal.resolve("snapshots"));

        final Repair.Outcome outcome = Repair.repair(journal);

        assertEquals(Repair.Status.CANNOT, outcome.status());
        assertTrue(outcome.lines().get(0).contains("restore the journal from a backup"), outcome.lines().toString());
        assertEquals(before, fingerprint(journal.resolve(QUEUE_DIR)) + fingerprint(journal.resolve("snapshots")),
            "nothing was changed");
    }

    @Test
    void shouldRebuildGarbageMetadataWithTheSameState() throws IOException
    {
        final Path journal = dir.resolve("journal");
        write(journal, false);
        final long hash = recover(journal).engine().stateHash();
        final Path metadata = journal.resolve(QUEUE_DIR).resolve("metadata.cq4t");
        final byte[] garbage = new byte[(int)Files.size(metadata)];
        new java.util.Random(7).nextBytes(garbage);
        Files.write(metadata, garbage);

        final JournalException refused = assertThrows(JournalException.class, () -> recover(journal));
        assertOneLine(refused.getMessage(), journal, "garbage metadata");
        assertTrue(refused.getMessage().contains("metadata.cq4t is damaged"), refused.getMessage());

        final Repair.Outcome outcome = Repair.repair(journal);
        assertEquals(Repair.Status.REPAIRED, outcome.status(), outcome.lines().toString());
        assertTrue(outcome.lines().get(0).startsWith("rebuilt " + Path.of(QUEUE_DIR, "metadata.cq4t")),
            outcome.lines().toString());
        assertEquals(hash, recover(journal).engine().stateHash());
    }

    @Test
    void shouldRebuildDeletedMetadataWithTheSameState() throws IOException
    {
        final Path journal = dir.resolve("journal");
        write(journal, false);
        final long hash = recover(journal).engine().stateHash();
        Files.delete(journal.resolve(QUEUE_DIR).resolve("metadata.cq4t"));

        final JournalException refused = assertThrows(JournalException.class, () -> recover(journal));
        assertOneLine(refused.getMessage(), journal, "deleted metadata");
        assertTrue(refused.getMessage().contains("metadata.cq4t is missing"), refused.getMessage());
        assertTrue(refused.getMessage().contains("not affected"), refused.getMessage());

        assertEquals(Repair.Status.REPAIRED, Repair.repair(journal).status());
        assertEquals(hash, recover(journal).engine().stateHash());
        try (JournaledEngine journaled = JournaledEngine.open(context(journal)))
        {
            assertEquals(hash, journaled.engine().stateHash());
        }
    }

    @Test
    void shouldNotChangeAnyFileWhenReading() throws IOException
    {
        final Path journal = dir.resolve("journal");
        write(journal, true);
        final String before = fingerprint(journal);

        try (Journal journalForReading = Journal.openForReading(journal))
        {
            Recovery.recover(journalForReading, this::newEngine, Recovery.Progress.NONE);
            assertEquals(COMMANDS + 1, journalForReading.read(-1, (index, buffer, offset, length) -> true));
        }

        assertEquals(before, fingerprint(journal));
    }

    @Test
    void shouldNotReExtendACutFileWhenReading() throws IOException
    {
        final Path journal = dir.resolve("journal");
        write(journal, false);
        final List<long[]> excerpts = dataExcerpts(cycleFile(journal));
        final long[] last = excerpts.get(excerpts.size() - 1);
        truncate(cycleFile(journal), (last[0] + last[1]) / 2);
        final String before = fingerprint(journal);

        assertThrows(JournalException.class, () -> recover(journal));
        assertEquals(before, fingerprint(journal));

        // A writer takes the lock (writing its pid to writer.lock) but must not touch the queue's files either.
        final String queueBefore = fingerprint(journal.resolve(QUEUE_DIR));
        assertThrows(JournalException.class, () -> JournaledEngine.open(context(journal)));
        assertEquals(queueBefore, fingerprint(journal.resolve(QUEUE_DIR)));
    }

    /** One command per excerpt: a product, a count, then reservations; optionally closed with a snapshot. */
    private void write(final Path journal, final boolean snapshotAtClose)
    {
        final JournaledEngine journaled = JournaledEngine.open(context(journal));
        final StockEngine engine = journaled.engine();
        assertEquals(Result.OK, engine.addProduct("A"));
        journaled.commit();
        assertEquals(Result.OK, engine.count(0, 1_000_000, EngineLimits.NO_COST));
        journaled.commit();
        for (int i = 1; i <= COMMANDS - 1; i++)
        {
            assertEquals(Result.OK, engine.reserve(i, EngineLimits.NO_TTL, new OrderLines().add(0, 1)));
            journaled.commit();
        }
        if (snapshotAtClose)
        {
            journaled.close();
        }
        else
        {
            journaled.closeWithoutSnapshot();
        }
    }

    private JournaledEngine.Context context(final Path journal)
    {
        return new JournaledEngine.Context().journalDir(journal).retentionMillis(RETENTION_MILLIS)
            .productCapacity(16).reservationCapacity(1024);
    }

    private StockEngine newEngine()
    {
        return new StockEngine(null, 16, 1024, RETENTION_MILLIS);
    }

    private Recovery.Outcome recover(final Path journal)
    {
        try (Journal opened = Journal.openForReading(journal))
        {
            return Recovery.recover(opened, this::newEngine, Recovery.Progress.NONE);
        }
    }

    private static void assertOneLine(final String message, final Path journal, final String what)
    {
        assertTrue(!message.contains("\n"), what + ": " + message);
        assertTrue(message.contains("run ./stockcore repair --journal " + journal), what + ": " + message);
        assertTrue(message.startsWith("journal " + journal + ": "), what + ": " + message);
    }

    private static Path cycleFile(final Path journal) throws IOException
    {
        try (Stream<Path> files = Files.list(journal.resolve(QUEUE_DIR)))
        {
            final List<Path> cycles = files.filter(f -> f.toString().endsWith(".cq4")).sorted().toList();
            assertEquals(1, cycles.size(), cycles.toString());
            return cycles.get(0);
        }
    }

    /** Start and end of every data document, walking Chronicle's headers. */
    private static List<long[]> dataExcerpts(final Path cycle) throws IOException
    {
        final List<long[]> found = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(cycle, StandardOpenOption.READ))
        {
            final ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            long position = 0;
            while (true)
            {
                header.clear();
                channel.read(header, position);
                final int value = header.getInt(0);
                if (value == 0 || Wires.isEndOfFile(value))
                {
                    return found;
                }
                final long end = position + 4 + Wires.lengthOf(value);
                if (Wires.isData(value))
                {
                    found.add(new long[] { position, end });
                }
                position = (end + 3) & ~3L;
            }
        }
    }

    /** Copies a journal with its cycle file cut to {@code length} bytes (cheap: the file is sparse beyond its data). */
    private static void copyCut(final Path from, final Path to, final long length) throws IOException
    {
        Files.createDirectories(to.resolve(QUEUE_DIR));
        Files.createDirectories(to.resolve(JournalDescriptor.SNAPSHOT_DIR));
        try (Stream<Path> files = Files.list(from.resolve(QUEUE_DIR)))
        {
            for (final Path file : files.toList())
            {
                final Path target = to.resolve(QUEUE_DIR).resolve(file.getFileName());
                try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
                    FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
                {
                    final long count = file.toString().endsWith(".cq4") ? length : in.size();
                    long done = 0;
                    while (done < count)
                    {
                        done += in.transferTo(done, count - done, out);
                    }
                }
            }
        }
    }

    private static void truncate(final Path file, final long length) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.truncate(length);
        }
    }

    private static void zero(final Path file, final long from, final long to) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate((int)(to - from)), from);
        }
    }

    /** Every file under a directory: path, size, modification time and SHA-256 of its content. */
    static String fingerprint(final Path root) throws IOException
    {
        final TreeMap<String, String> entries = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root))
        {
            for (final Path file : files.toList())
            {
                final String attributes = Files.getLastModifiedTime(file).toMillis() + " " +
                    (Files.isDirectory(file) ? "dir" : Files.size(file) + " " + sha256(file));
                entries.put(root.relativize(file).toString(), attributes);
            }
        }
        return entries.toString();
    }

    private static String sha256(final Path file)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            final ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
            while (channel.read(chunk) > 0)
            {
                chunk.flip();
                digest.update(chunk);
                chunk.clear();
            }
            return HexFormat.of().formatHex(digest.digest());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static void deleteTree(final Path root) throws IOException
    {
        try (Stream<Path> files = Files.walk(root))
        {
            for (final Path file : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList())
            {
                Files.delete(file);
            }
        }
    }
}
