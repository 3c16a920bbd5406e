package dev.stockcore.journal;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import static dev.stockcore.journal.JournalDescriptor.FORMAT_KEY;
import static dev.stockcore.journal.JournalDescriptor.QUEUE_DIR;

/**
 * Makes a journal with a torn tail or damaged queue metadata usable again, without ever dropping a whole
 * excerpt that a later one or a snapshot depends on.
 * <ul>
 * <li>A torn, zero-filled, not-complete or cut tail of the <em>newest</em> cycle file (see {@link JournalScan}):
 *     the file is <b>rewritten</b>, not truncated in place: its whole excerpts are copied, in order, into a new
 *     cycle file of the same cycle written by Chronicle itself (so its index, write position and the excerpts'
 *     indices are Chronicle's own and the same as before), which then replaces the damaged file. Truncating in
 *     place would leave Chronicle's index and write position pointing into the cut.</li>
 * <li>A missing or damaged {@code metadata.cq4t}: rebuilt by Chronicle from the cycle files, with the journal
 *     format stamp set to the newest excerpt format found in them.</li>
 * </ul>
 * Refused (nothing changed): damage in a cycle file that later cycle files follow, or a cut that would drop
 * movements a snapshot covers; both mean acknowledged movements are gone and only a backup has them.
 * The replaced files are moved, not deleted, to {@code DIR/repair-<UTC time>/}. Takes the writer lock.
 */
public final class Repair
{
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(ZoneOffset.UTC);

    private Repair()
    {
    }

    /** How a repair ended. */
    public enum Status
    {
        /** The journal was intact. */
        NOTHING_TO_DO,
        /** Something was cut or rebuilt; the journal is intact now. */
        REPAIRED,
        /** The damage is not a torn tail; nothing was changed. */
        CANNOT
    }

    /**
     * What a repair did.
     *
     * @param status how it ended.
     * @param lines  what it found, cut and kept, one line each, for the operator.
     */
    public record Outcome(Status status, List<String> lines)
    {
    }

    /**
     * Repairs a journal: takes the writer lock, scans every cycle file and the metadata, and cuts or rebuilds
     * what is damaged.
     *
     * @param dir the journal directory.
     * @return what it did.
     * @throws JournalException if the directory is not a journal, a writer holds it, or a file cannot be moved.
     */
    public static Outcome repair(final Path dir)
    {
        Journal.requireJournal(dir);
        try (WriterLock ignored = WriterLock.acquire(dir))
        {
            return repairLocked(dir);
        }
    }

    private static Outcome repairLocked(final Path dir)
    {
        final List<String> lines = new ArrayList<>();
        final Path queueDir = dir.resolve(QUEUE_DIR);
        final List<Path> files = JournalScan.cycleFiles(queueDir, Journal.ROLL_CYCLE);
        final List<JournalScan.CycleFile> scans = new ArrayList<>();
        long sequence = -1;
        long excerpts = 0;
        int version = 0;
        for (int i = 0; i < files.size(); i++)
        {
            final Path file = files.get(i);
            final int cycle = JournalScan.cycleOf(file, Journal.ROLL_CYCLE);
            if (cycle < 0)
            {
                lines.add("" + dir.relativize(file) + " is not named as an hourly cycle file; move it out " +
                    "of " + dir.relativize(queueDir) + "/ and run repair again");
                return new Outcome(Status.CANNOT, lines);
            }
            final JournalScan.CycleFile found = JournalScan.scan(file, cycle, sequence);
            scans.add(found);
            if (found.corruptExcerpt() >= 0)
            {
                final long index = Journal.ROLL_CYCLE.toIndex(cycle, found.corruptExcerpt());
                lines.add("journal " + dir + ": " + dir.relativize(file) + " holds a whole excerpt at index " + index +
                    " (0x" + Long.toHexString(index) + ") that is not a valid stockcore excerpt (" +
                    found.corruptDetail() + "): that is damage to written data, not a torn tail, and it may hold " +
                    "acknowledged movements. Nothing was changed; restore the journal from a backup");
                return new Outcome(Status.CANNOT, lines);
            }
            sequence = found.lastSequence();
            excerpts += found.excerpts();
            version = Math.max(version, found.maxVersion());
            if (!found.intact() && i < files.size() - 1)
            {
                lines.add(JournalScan.message(dir, found, Journal.ROLL_CYCLE.toIndex(cycle, found.excerpts()))
                    .replaceFirst("; run ./stockcore repair.*$", "") + "; " + (files.size() - 1 - i) +
                    " later cycle file(s) follow it, so this is not a torn tail: cutting it would leave a gap in the " +
                    "movements. Nothing was changed; restore the journal from a backup");
                return new Outcome(Status.CANNOT, lines);
            }
        }
        final JournalScan.CycleFile torn = scans.isEmpty() || scans.get(scans.size() - 1).intact() ? null :
            scans.get(scans.size() - 1);
        if (torn != null)
        {
            final String covered = snapshotBeyond(dir, torn.lastSequence());
            if (covered != null)
            {
                lines.add(JournalScan.message(dir, torn, Journal.ROLL_CYCLE.toIndex(torn.cycle(), torn.excerpts()))
                    .replaceFirst("; run ./stockcore repair.*$", "") + "; " + covered + ", so the damaged excerpts " +
                    "were acknowledged. Nothing was changed; restore the journal from a backup");
                return new Outcome(Status.CANNOT, lines);
            }
        }
        final Path metadata = queueDir.resolve(JournalScan.METADATA_FILE);
        final String metadataProblem = !Files.exists(metadata) ? (files.isEmpty() ? null : "it was missing") :
            Journal.metadataDamage(metadata);
        if (torn == null && metadataProblem == null)
        {
            lines.add("nothing to repair in " + dir + ": " + files.size() + " cycle file(s), " + excerpts +
                " excerpt(s), last movement sequence " + Math.max(0, sequence) + ", metadata intact");
            return new Outcome(Status.NOTHING_TO_DO, lines);
        }
        final Path kept = dir.resolve("repair-" + STAMP.format(Instant.now()));
        createDirectory(kept);
        boolean rebuildMetadata = metadataProblem != null;
        if (torn != null)
        {
            final long index = Journal.ROLL_CYCLE.toIndex(torn.cycle(), torn.excerpts());
            lines.add("cut " + dir.relativize(torn.file()) + " at index " + index + " (0x" +
                Long.toHexString(index) + ", byte " + torn.endPosition() + "): " + torn.damagedExcerpts() +
                " excerpt(s), " + torn.damagedBytes() + " bytes (" + torn.damage().text() +
                (torn.detail().isEmpty() ? "" : ": " + torn.detail()) + "); kept its " + torn.excerpts() +
                " whole excerpt(s), last movement sequence " + Math.max(0, torn.lastSequence()));
            rewrite(dir, torn, kept);
            // Chronicle's directory listing must not name a cycle file that is gone.
            rebuildMetadata |= torn.excerpts() == 0;
        }
        if (rebuildMetadata)
        {
            if (Files.exists(metadata))
            {
                move(metadata, kept.resolve(metadata.getFileName()));
            }
            rebuildMetadata(queueDir, version);
            lines.add("rebuilt " + dir.relativize(metadata) + " (" +
                (metadataProblem != null ? metadataProblem : "its listing named the cut file") + ") from " +
                JournalScan.cycleFiles(queueDir, Journal.ROLL_CYCLE).size() + " cycle file(s); journal format " +
                version);
        }
        final List<String> left = leftDamage(dir, queueDir);
        if (!left.isEmpty())
        {
            lines.addAll(left);
            return new Outcome(Status.CANNOT, lines);
        }
        lines.add("the replaced files are in " + kept + "; delete them once ./stockcore recover and verify " +
            "agree with what you expect");
        return new Outcome(Status.REPAIRED, lines);
    }

    /** A snapshot whose sequence lies beyond the last whole excerpt, or null. */
    private static String snapshotBeyond(final Path dir, final long lastWholeSequence)
    {
        final SnapshotStore snapshots = new SnapshotStore(dir);
        for (final Path file : snapshots.list())
        {
            try
            {
                final SnapshotStore.Info info = snapshots.verify(file);
                if (info.sequence() > Math.max(0, lastWholeSequence))
                {
                    return "snapshot " + file.getFileName() + " covers movements up to sequence " + info.sequence() +
                        " but the whole excerpts end at sequence " + Math.max(0, lastWholeSequence);
                }
            }
            catch (final JournalException ex)
            {
                // An invalid snapshot covers nothing: recovery skips it too.
            }
        }
        return null;
    }

    /**
     * Copies the whole excerpts into a new cycle file of the same cycle, written by Chronicle, and swaps it
     * in; the damaged file moves to {@code kept}.
     */
    private static void rewrite(final Path dir, final JournalScan.CycleFile torn, final Path kept)
    {
        final Path scratch = dir.resolve("repair-queue.tmp");
        deleteTree(scratch);
        final long cycleStart = torn.cycle() * (long)Journal.ROLL_CYCLE.lengthInMillis();
        Path written = null;
        if (torn.excerpts() > 0)
        {
            try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(scratch)
                .rollCycle(Journal.ROLL_CYCLE)
                .timeProvider(() -> cycleStart)
                .build();
                ExcerptAppender appender = queue.createAppender())
            {
                JournalScan.readExcerpts(torn.file(), torn.excerpts(), (bytes, length) ->
                {
                    try (DocumentContext context = appender.writingDocument())
                    {
                        context.wire().bytes().write(bytes, 0, length);
                    }
                });
                final long expected = Journal.ROLL_CYCLE.toIndex(torn.cycle(), torn.excerpts() - 1);
                if (appender.lastIndexAppended() != expected)
                {
                    throw new JournalException("repair wrote index " + appender.lastIndexAppended() + " where " +
                        expected + " was expected; nothing was changed in " + dir);
                }
            }
            written = scratch.resolve(torn.file().getFileName());
            if (!Files.isRegularFile(written))
            {
                throw new JournalException("repair did not write " + written + "; nothing was changed in " + dir);
            }
        }
        move(torn.file(), kept.resolve(torn.file().getFileName()));
        if (written != null)
        {
            move(written, torn.file());
        }
        deleteTree(scratch);
    }

    private static void rebuildMetadata(final Path queueDir, final int version)
    {
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(queueDir)
            .rollCycle(Journal.ROLL_CYCLE)
            .build())
        {
            if (version > 0)
            {
                queue.metaStore().acquireValueFor(FORMAT_KEY, 0).setOrderedValue(version);
            }
        }
    }

    /** What a scan of the repaired journal still finds, one line each; empty when it is intact. */
    private static List<String> leftDamage(final Path dir, final Path queueDir)
    {
        final List<String> left = new ArrayList<>();
        final List<Path> files = JournalScan.cycleFiles(queueDir, Journal.ROLL_CYCLE);
        long sequence = -1;
        for (int i = 0; i < files.size(); i++)
        {
            final int cycle = JournalScan.cycleOf(files.get(i), Journal.ROLL_CYCLE);
            final JournalScan.CycleFile found = JournalScan.scan(files.get(i), cycle, sequence);
            sequence = found.lastSequence();
            if (!found.intact())
            {
                left.add("still damaged after the repair: " +
                    JournalScan.message(dir, found, Journal.ROLL_CYCLE.toIndex(cycle, found.excerpts())));
            }
        }
        return left;
    }

    private static void createDirectory(final Path dir)
    {
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot create " + dir + ": " + ex.getMessage() + "; free some space or fix " +
                "the permissions, then run repair again", ex);
        }
    }

    private static void move(final Path from, final Path to)
    {
        try
        {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot move " + from + " to " + to + ": " + ex.getMessage() + "; check the " +
                "permissions, then run repair again", ex);
        }
    }

    private static void deleteTree(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir))
        {
            for (final Path entry : entries)
            {
                Files.delete(entry);
            }
            Files.delete(dir);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot delete " + dir + ": " + ex.getMessage() + "; delete it by hand", ex);
        }
    }
}
