package dev.stockcore.cli;

import dev.stockcore.journal.Durability;
import dev.stockcore.journal.Journal;
import dev.stockcore.journal.JournalException;
import dev.stockcore.journal.Recovery;
import dev.stockcore.journal.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code stockcore prune --journal DIR}: with the writer lock, keeps the snapshot recovery would use and
 * deletes the older snapshots and the journal cycle files entirely before that snapshot's journal index.
 * <p>
 * It first recovers exactly as a writer would (newest valid snapshot, then the journal after it), so it
 * deletes nothing unless the kept snapshot loads and the journal after it replays onto it. Without a valid
 * snapshot it deletes nothing and exits 1.
 */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    header = "Delete snapshots and journal files older than the newest valid snapshot.",
    description = {
        "Deletes what recovery no longer needs: the snapshots older than the newest valid one, and the " +
            "journal cycle files (one per hour) that lie entirely before the journal index that snapshot " +
            "covers. Prints 'deleted FILE' for each, then a summary line. Nothing is ever pruned unless this " +
            "command is run.",
        "",
        "Before deleting anything it recovers as a writer would, so the kept snapshot is known to load and " +
            "the journal after it to replay. Without a valid snapshot it deletes nothing and exits 1 (take " +
            "one with 'snapshot'). A newer snapshot that is not valid is kept and reported, for inspection.",
        "",
        "It takes the writer lock, so it is refused while a writer is running. Afterwards dump and verify " +
            "start from the kept snapshot. The product names (names.log) are never pruned.",
        "" },
    footerHeading = "%nExamples:%n",
    footer = {
        "  stockcore prune --journal /var/lib/stockcore",
        "  stockcore snapshot --journal /var/lib/stockcore && stockcore prune --journal /var/lib/stockcore" },
    exitCodeListHeading = ExitStatus.HEADING,
    exitCodeList = {
        ExitStatus.OK_TEXT,
        "1:nothing deleted: the journal has no valid snapshot",
        ExitStatus.ERROR_TEXT })
final class PruneCommand implements Callable<Integer>
{
    @ParentCommand
    private StockcoreCli cli;

    @Spec
    private CommandSpec spec;

    @Mixin
    private JournalOption journal;

    @Override
    public Integer call()
    {
        JournalDirectory.requireJournal(journal.dir);
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        try (Journal opened = Journal.openForWriting(journal.dir, Durability.ASYNC))
        {
            final Recovery.Outcome recovery = cli.recover(opened, spec);
            final SnapshotStore.Info keep = recovery.snapshot();
            if (keep == null)
            {
                err.println(spec.qualifiedName() + ": nothing deleted: " + journal.dir + " has no valid snapshot, " +
                    "and without one the journal is the only copy of the state; take one first with " +
                    "'stockcore snapshot --journal " + journal.dir + "'");
                return ExitStatus.CHECK_FAILED;
            }
            int snapshotsDeleted = 0;
            boolean older = false;
            for (final Path file : new SnapshotStore(journal.dir).list())
            {
                if (file.equals(keep.file()))
                {
                    older = true;
                }
                else if (older)
                {
                    delete(file);
                    out.println("deleted " + file);
                    snapshotsDeleted++;
                }
                else
                {
                    err.println(spec.qualifiedName() + ": kept " + file + ": newer than " + keep.file().getFileName() +
                        " but not valid (see the warning above), so recovery skips it; delete it once inspected");
                }
            }
            final List<Path> cycles = keep.journalIndex() >= 0 ? opened.deleteCyclesBefore(keep.journalIndex()) : List.of();
            for (final Path file : cycles)
            {
                out.println("deleted " + file);
            }
            out.println("pruned: " + snapshotsDeleted + " snapshot(s) and " + cycles.size() + " journal cycle file(s) " +
                "deleted; kept " + keep.file() + " (sequence " + keep.sequence() + ", journal index " +
                keep.journalIndex() + ")");
            return ExitStatus.OK;
        }
    }

    private static void delete(final Path file)
    {
        try
        {
            Files.delete(file);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot delete " + file + ": " + ex + "; check the permissions of " +
                file.getParent(), ex);
        }
    }
}
