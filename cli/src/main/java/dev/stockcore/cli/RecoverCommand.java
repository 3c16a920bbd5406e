package dev.stockcore.cli;

import dev.stockcore.journal.Journal;
import dev.stockcore.journal.Recovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code stockcore recover --journal DIR}: recovers the state as a writer would on start (newest valid
 * snapshot, then the journal after it) and prints a one-line summary, without taking the writer lock or
 * changing anything.
 */
@Command(
    name = "recover",
    mixinStandardHelpOptions = true,
    header = "Recover the state from a journal and summarise it; read-only.",
    description = {
        "Recovers the state from the journal as a writer does on start (the newest valid snapshot, then every " +
            "movement after it) and prints one summary line:",
        "  products=N open_reservations=N last_sequence=N time_ms=T movements_replayed=N",
        "  batches_replayed=N snapshot=FILE|none state_hash=HEX",
        "Each snapshot skipped (checksum mismatch, truncated...) is reported on stderr.",
        "",
        "It does not modify the journal and takes no lock: it runs safely while a writer is running.",
        "" },
    footerHeading = "%nExample:%n",
    footer = "  stockcore recover --journal /var/lib/stockcore",
    exitCodeListHeading = ExitStatus.HEADING,
    exitCodeList = { ExitStatus.OK_TEXT, ExitStatus.ERROR_TEXT })
final class RecoverCommand implements Callable<Integer>
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
        try (Journal opened = Journal.openForReading(journal.dir))
        {
            final Recovery.Outcome result = cli.recover(opened, spec);
            spec.commandLine().getOut().println(Recovery.summary(result) +
                String.format(" state_hash=%016x", result.engine().stateHash()));
            return ExitStatus.OK;
        }
    }
}
