package dev.stockcore.cli;

import dev.stockcore.journal.JournaledEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code stockcore snapshot --journal DIR}: takes the writer lock, recovers, writes a snapshot of the state
 * and prints its path.
 */
@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    header = "Write a snapshot of the journal's state now.",
    description = {
        "Recovers the state, writes a snapshot of it (so that the next recovery replays less) and prints the " +
            "snapshot's path.",
        "",
        "It takes the writer lock, so it is refused while a writer (script --journal...) is running; a " +
            "writer takes snapshots itself every 10,000,000 movements and when it closes.",
        "" },
    footerHeading = "%nExamples:%n",
    footer = {
        "  stockcore snapshot --journal /var/lib/stockcore",
        "  stockcore snapshot --journal /var/lib/stockcore && stockcore prune --journal /var/lib/stockcore" },
    exitCodeListHeading = ExitStatus.HEADING,
    exitCodeList = { ExitStatus.OK_TEXT, ExitStatus.ERROR_TEXT })
final class SnapshotCommand implements Callable<Integer>
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
        final TerminalProgress progress = cli.progress("recover");
        final JournaledEngine journaled;
        try
        {
            journaled = JournaledEngine.open(new JournaledEngine.Context().journalDir(journal.dir).progress(progress));
        }
        finally
        {
            progress.finish();
        }
        try (journaled)
        {
            StockcoreCli.warn(spec, journaled.recovery().warnings());
            final Path file = journaled.snapshot();
            spec.commandLine().getOut().println(file);
            return ExitStatus.OK;
        }
    }
}
