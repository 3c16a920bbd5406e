package dev.stockcore.cli;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.StockEngine;
import dev.stockcore.engine.movement.MovementDescriptor;
import dev.stockcore.engine.movement.MovementKind;
import dev.stockcore.engine.script.ScriptRunner;
import dev.stockcore.journal.Journal;
import dev.stockcore.journal.CompactRecordLocator;
import dev.stockcore.journal.JournalDescriptor;
import dev.stockcore.journal.JournalException;
import dev.stockcore.journal.JournalTailer;
import dev.stockcore.journal.JournaledEngine;
import dev.stockcore.journal.Recovery;
import dev.stockcore.journal.SnapshotStore;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every excerpt carries a CRC32C (journal format 3): a single flipped bit anywhere in an excerpt written by the
 * real writer is refused, never replayed. The journal is written once by the real code (a {@code script --journal}
 * run that ends with a snapshot, then commands journaled one commit each and no snapshot after them, as a killed
 * writer leaves it); each case flips one bit of the real cycle file in place, runs the reader in this JVM, and
 * flips it back:
 * <ul>
 * <li>every bit of three whole excerpts after the snapshot (the first, the one with a RESERVED record, whose
 *     holder-reserved field is the oversell of issue 12, and the last): recovery (as {@code recover} and a starting
 *     writer run it) and {@code verify} refuse each flip, naming the excerpt's index and cycle file;</li>
 * <li>a seeded sample of 2,000 bit positions over the whole file region after the snapshot (Chronicle's own
 *     header words included): a flip is refused by recovery and by verify, or the state recovered is exactly the
 *     one written (a bit in bytes that carry nothing, never inside an excerpt); a wrong state is never accepted;</li>
 * <li>every 100th of those flips with a writer starting on the journal: it refuses to open.</li>
 * </ul>
 * verify runs in this JVM on every flip ({@link JournalVerifier}, as the command runs it from the first excerpt),
 * and through the command line on every 64th or 50th. A flip in Chronicle's own bytes is read by a reader opened
 * after it; a flip in an excerpt's own bytes, which Chronicle does not interpret, by one reader kept open (its
 * mapping sees the flip as a fresh one would), which keeps the test's run time down on a busy machine; {@code CliRun} runs commands in process, and
 * {@link #shouldRefuseAFlippedHolderReservedFieldInEveryReader()} takes the flip of issue 12 through every reader's
 * command. Real processes: {@code StockcoreProcessTest}.
 */
class ExcerptBitFlipTest
{
    private static final String BEFORE_SNAPSHOT = String.join("\n",
        "product A", "product B", "product C", "adjust A 100", "adjust C 40", "link B A", "reserve 1 A 5 C 2", "");
    private static final String[] AFTER_SNAPSHOT = {
        "time 10", "reserve 2 A 3", "reserve 3 B 4 C 1", "commit 2 A 1", "reserve 4 ttl=5 C 6", "release 3",
        "adjust A -7", "time 20", "product D", "adjust D 9", "reserve 5 D 2 A 1", "commit 5 D 2",
    };
    private static final int RANDOM_FLIPS = 2_000;
    private static final long SEED = 0x5eed12L;

    @TempDir
    static Path dir;

    private static Path journal;
    private static long expectedSequence;
    private static long expectedHash;
    private static List<Excerpt> excerpts;
    private static RandomAccessFile cycleFile;

    /** One excerpt in its cycle file: the Chronicle header at {@code header}, the stockcore bytes after it. */
    private record Excerpt(long index, Path file, long header, long data, int length, byte[] bytes)
    {
        long end()
        {
            return data + length;
        }
    }

    @BeforeAll
    static void writeJournal() throws IOException
    {
        journal = dir.resolve("journal");
        final CliRun first = CliRun.script(journal, BEFORE_SNAPSHOT);
        assertEquals(0, first.status(), first::toString);
        try (JournaledEngine journaled = JournaledEngine.open(new JournaledEngine.Context().journalDir(journal)))
        {
            final ScriptRunner runner = new ScriptRunner(journaled.engine());
            for (final String line : AFTER_SNAPSHOT)
            {
                assertNotNull(runner.execute(line), line);
                journaled.commit();
            }
            expectedSequence = journaled.engine().sequence();
            expectedHash = journaled.engine().stateHash();
            // As a killed writer leaves it: no snapshot covers the commands above.
            journaled.closeWithoutSnapshot();
        }
        final SnapshotStore snapshots = new SnapshotStore(journal);
        assertEquals(1, snapshots.list().size());
        excerpts = excerptsAfter(snapshots.verify(snapshots.list().get(0)).journalIndex());
        assertEquals(AFTER_SNAPSHOT.length, excerpts.size());
        assertEquals(1, excerpts.stream().map(Excerpt::file).distinct().count(), "written within one hour");
        cycleFile = new RandomAccessFile(excerpts.get(0).file().toFile(), "rw");
        assertEquals(Outcome.SAME, recover(), "the journal as written recovers");
    }

    @AfterAll
    static void closeFile() throws IOException
    {
        if (cycleFile != null)
        {
            cycleFile.close();
        }
    }

    @AfterEach
    void journalIsIntactAgain()
    {
        assertEquals(Outcome.SAME, recover(), "every flip was flipped back");
    }

    @Test
    void shouldRefuseEverySingleBitFlipInWholeExcerptsWithTheExcerptNamed()
    {
        final Excerpt reserved = excerptWith(MovementKind.RESERVED);
        final List<Excerpt> chosen = List.of(excerpts.get(0), reserved, excerpts.get(excerpts.size() - 1));
        int flips = 0;
        // One reader open for all the flips (they change excerpt bytes, not Chronicle's framing, so a reader's
        // mapping sees each as a fresh one would; an idle tailer keeps the cycle file mapped between them); every
        // 64th flip also through the verify command.
        try (Journal opened = Journal.openForReading(journal);
            JournalTailer keepMapped = opened.tailer(-1))
        {
        for (final Excerpt excerpt : chosen)
        {
            final String named = "excerpt at index 0x" + Long.toHexString(excerpt.index()) + " (" + excerpt.index() +
                ") in queue/" + excerpt.file().getFileName();
            for (long position = excerpt.data(); position < excerpt.end(); position++)
            {
                for (int bit = 0; bit < 8; bit++)
                {
                    flip(position, bit);
                    try
                    {
                        final String where = "bit " + bit + " of byte " + (position - excerpt.data()) + " of " + named;
                        final Outcome recovered = recover(opened);
                        assertEquals(Outcome.REFUSED, recovered, where);
                        assertTrue(lastRefusal.contains(named), where + ": " + lastRefusal);
                        final String problem = verify(opened);
                        assertTrue(problem != null && problem.contains(named), where + ": verify found " + problem);
                        if (flips % 64 == 0)
                        {
                            final CliRun verify = CliRun.run("verify", "--journal", journal.toString());
                            assertEquals(1, verify.status(), where + ": " + verify);
                            assertTrue(verify.out().startsWith("FAILED: ") && verify.out().contains(named),
                                where + ": " + verify);
                        }
                        flips++;
                    }
                    finally
                    {
                        flip(position, bit);
                    }
                }
            }
        }
        }
        assertEquals(8 * chosen.stream().mapToInt(Excerpt::length).sum(), flips);
    }

    @Test
    void shouldRefuseAFlippedHolderReservedFieldInEveryReader()
    {
        final Excerpt reserved = excerptWith(MovementKind.RESERVED);
        final long field = reserved.data() + CompactRecordLocator.firstRecord(reserved.bytes()).reservedHeldOffset();
        // The flip of issue 12: a bit of the RESERVED record's reservedHeld (in the compact encoding, bit 3 of its
        // varint: 2 becomes 6), which the unchecked format would have replayed as a wrong state.
        flip(field, 3);
        try
        {
            assertEquals(Outcome.REFUSED, recover());
            assertTrue(lastRefusal.contains("CRC32C"), lastRefusal);
            final String named = "excerpt at index 0x" + Long.toHexString(reserved.index());
            for (final String command : new String[] { "recover", "dump" })
            {
                final CliRun run = CliRun.run(command, "--journal", journal.toString());
                assertEquals(2, run.status(), command + ": " + run);
                assertEquals(1, run.errLines().size(), command + ": " + run);
                assertTrue(run.err().startsWith("stockcore " + command + ": journal ") && run.err().contains(named),
                    command + ": " + run);
            }
            final CliRun feed = CliRun.run("feed", "--no-follow", "--journal", journal.toString());
            assertEquals(2, feed.status(), feed::toString);
            assertTrue(feed.err().contains(named), feed::toString);
            final CliRun writer = CliRun.script(journal, "product E\n");
            assertEquals(2, writer.status(), writer::toString);
            assertTrue(writer.err().contains(named), writer::toString);
        }
        finally
        {
            flip(field, 3);
        }
    }

    @Test
    void shouldNeverAcceptAWrongStateForSampledFlipsOverTheRegionAfterTheSnapshot()
    {
        final Random random = new Random(SEED);
        final long from = excerpts.get(0).header();
        final long to = excerpts.get(excerpts.size() - 1).end();
        int refused = 0;
        int unchanged = 0;
        int writerChecked = 0;
        try (Journal shared = Journal.openForReading(journal);
            JournalTailer keepMapped = shared.tailer(-1))
        {
        for (int i = 0; i < RANDOM_FLIPS; i++)
        {
            final long position = from + (long)(random.nextDouble() * (to - from));
            final int bit = random.nextInt(8);
            flip(position, bit);
            try
            {
                final String where = "bit " + bit + " at file offset " + position + " (" + describe(position) + ")";
                // A fresh reader for a flip in Chronicle's framing, which must meet Chronicle as it opens; the
                // shared one for a flip in an excerpt's own bytes, which Chronicle does not interpret.
                final Outcome recovered;
                final String problem;
                if (insideAnExcerpt(position))
                {
                    recovered = recover(shared);
                    problem = verify(shared);
                }
                else
                {
                    Outcome opening = null;
                    String openProblem = null;
                    Journal opened = null;
                    try
                    {
                        opened = Journal.openForReading(journal);
                    }
                    catch (final JournalException ex)
                    {
                        // The cycle-file scan refuses a damaged Chronicle framing before any reader runs.
                        opening = Outcome.REFUSED;
                        openProblem = ex.getMessage();
                        lastRefusal = openProblem;
                    }
                    if (opened != null)
                    {
                        try (Journal reader = opened)
                        {
                            opening = recover(reader);
                            openProblem = verify(reader);
                        }
                    }
                    recovered = opening;
                    problem = openProblem;
                }
                assertFalse(recovered == Outcome.DIFFERENT, where + ": " + lastRefusal);
                if (recovered == Outcome.SAME)
                {
                    assertFalse(insideAnExcerpt(position), where + " is inside an excerpt's stockcore bytes");
                    assertEquals(null, problem, where + ": verify");
                    unchanged++;
                    continue;
                }
                assertNotNull(problem, where + ": verify passed what recovery refused");
                refused++;
                if (i % 50 == 0)
                {
                    final CliRun verify = CliRun.run("verify", "--journal", journal.toString());
                    // 1: verify read the journal and found the excerpt bad; 2: the cycle-file scan refused the
                    // file's framing before any excerpt was read. Either way nothing was accepted.
                    assertTrue(verify.status() == 1 || verify.status() == 2, where + ": " + verify);
                }
                if (i % 100 == 0)
                {
                    assertTrue(writerRefuses(), where + ": a writer opened the journal");
                    writerChecked++;
                }
            }
            finally
            {
                flip(position, bit);
            }
        }
        }
        System.out.println("ExcerptBitFlipTest: " + RANDOM_FLIPS + " sampled flips over " + (to - from) +
            " bytes: refused " + refused + ", no effect " + unchanged + ", writer refused " + writerChecked);
        assertEquals(RANDOM_FLIPS, refused + unchanged);
        assertTrue(refused > RANDOM_FLIPS * 9 / 10, "refused " + refused);
    }

    enum Outcome
    {
        SAME, REFUSED, DIFFERENT
    }

    private static String lastRefusal = "";

    /** As {@code recover} and a starting writer: the newest valid snapshot, then the journal after it. */
    private static Outcome recover()
    {
        try (Journal opened = Journal.openForReading(journal))
        {
            return recover(opened);
        }
        catch (final JournalException ex)
        {
            lastRefusal = ex.getMessage();
            return Outcome.REFUSED;
        }
    }

    private static Outcome recover(final Journal opened)
    {
        try
        {
            final Recovery.Outcome outcome = Recovery.recover(opened, ExcerptBitFlipTest::smallEngine,
                Recovery.Progress.NONE);
            final boolean same = outcome.engine().sequence() == expectedSequence &&
                outcome.engine().stateHash() == expectedHash;
            lastRefusal = same ? "" : "recovered sequence " + outcome.engine().sequence() + " hash " +
                Long.toHexString(outcome.engine().stateHash());
            return same ? Outcome.SAME : Outcome.DIFFERENT;
        }
        catch (final JournalException ex)
        {
            lastRefusal = ex.getMessage();
            return Outcome.REFUSED;
        }
    }

    /** As {@code verify} from the first excerpt: the problem it reports, or null if it passes. */
    private static String verify(final Journal opened)
    {
        final JournalVerifier verifier = new JournalVerifier(smallEngine(), -1,
            new SnapshotStore(journal), List.of(), ExcerptBitFlipTest::smallEngine, false,
            Recovery.Progress.NONE, 0, new ArrayList<>(), opened);
        try
        {
            opened.read(-1, verifier);
            return verifier.finish() ? null : verifier.problem();
        }
        catch (final JournalException ex)
        {
            return ex.getMessage();
        }
    }

    /** An engine whose tables grow with the state, as verify makes: the invariant check walks their capacity. */
    private static StockEngine smallEngine()
    {
        return new StockEngine(null, 16, 16, EngineLimits.DEFAULT_RETENTION_MILLIS);
    }

    private static boolean writerRefuses()
    {
        try (JournaledEngine ignored = JournaledEngine.open(new JournaledEngine.Context().journalDir(journal)))
        {
            return false;
        }
        catch (final JournalException ex)
        {
            return true;
        }
    }

    private static String describe(final long position)
    {
        for (int i = 0; i < excerpts.size(); i++)
        {
            final Excerpt e = excerpts.get(i);
            if (position >= e.header() && position < e.end())
            {
                return "byte " + (position - e.data()) + " of excerpt " + i + " of " + excerpts.size() +
                    " after the snapshot, counting from its data";
            }
        }
        return "between excerpts";
    }

    private static boolean insideAnExcerpt(final long position)
    {
        for (final Excerpt excerpt : excerpts)
        {
            if (position >= excerpt.data() && position < excerpt.end())
            {
                return true;
            }
        }
        return false;
    }

    private static Excerpt excerptWith(final MovementKind kind)
    {
        for (final Excerpt excerpt : excerpts)
        {
            if (CompactRecordLocator.firstRecord(excerpt.bytes()).kind() == kind.code())
            {
                return excerpt;
            }
        }
        throw new AssertionError("no excerpt starts with a " + kind + " movement");
    }

    private static void flip(final long position, final int bit)
    {
        try
        {
            cycleFile.seek(position);
            final int value = cycleFile.read();
            cycleFile.seek(position);
            cycleFile.write(value ^ (1 << bit));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static List<Excerpt> excerptsAfter(final long snapshotIndex)
    {
        final List<Excerpt> found = new ArrayList<>();
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(journal.resolve(JournalDescriptor.QUEUE_DIR))
            .rollCycle(RollCycles.FAST_HOURLY)
            .readOnly(true)
            .build();
            ExcerptTailer tailer = queue.createTailer())
        {
            assertTrue(tailer.moveToIndex(snapshotIndex));
            try (DocumentContext skip = tailer.readingDocument())
            {
                assertTrue(skip.isPresent());
            }
            while (true)
            {
                try (DocumentContext document = tailer.readingDocument())
                {
                    if (!document.isPresent())
                    {
                        return found;
                    }
                    final Bytes<?> bytes = document.wire().bytes();
                    final Path file = ((MappedBytes)bytes).mappedFile().file().toPath();
                    final long data = bytes.readPosition();
                    final int length = (int)bytes.readRemaining();
                    found.add(new Excerpt(document.index(), file, data - Integer.BYTES, data, length,
                        bytes.toByteArray()));
                }
            }
        }
    }
}
