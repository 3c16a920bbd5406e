package dev.stockcore.cli;

import dev.stockcore.journal.Repair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code stockcore repair --journal DIR}: cuts a torn or zero-filled tail off the newest cycle file and
 * rebuilds a missing or damaged {@code metadata.cq4t} (see {@link Repair}), printing what it cut.
 */
@Command(
    name = "repair",
    mixinStandardHelpOptions = true,
    header = "Cut a torn journal tail and rebuild damaged queue metadata.",
    description = {
        "Scans every cycle file of the journal. A tail that is not whole (a disk that filled up, a crash, a file " +
            "cut short: torn, zero-filled or never completed) is cut off the newest cycle file, which is rewritten " +
            "with its whole excerpts; a missing or damaged queue/metadata.cq4t is rebuilt from the cycle files. " +
            "Prints one line per thing cut or rebuilt: the file, the journal index, the excerpts and bytes. An " +
            "excerpt that is whole is never dropped: damage that later excerpts or a snapshot depend on is " +
            "refused (exit 1) and needs a backup.",
        "",
        "The replaced files are moved to DIR/repair-<UTC time>/, not deleted. It takes the writer lock, so it " +
            "is refused while a writer runs. Free the disk space first if the disk filled up.",
        "" },
    footerHeading = "%nExamples:%n",
    footer = {
        "  stockcore repair --journal /var/lib/stockcore",
        "  stockcore repair --journal /var/lib/stockcore && stockcore verify --journal /var/lib/stockcore" },
    exitCodeListHeading = ExitStatus.HEADING,
    exitCodeList = {
        "0:repaired, or nothing to repair",
        "1:the damage is not a torn tail (later excerpts or a snapshot depend on it); nothing was changed",
        ExitStatus.ERROR_TEXT })
final class RepairCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private JournalOption journal;

    @Override
    public Integer call()
    {
        JournalDirectory.requireJournal(journal.dir);
        final Repair.Outcome outcome = Repair.repair(journal.dir);
        final boolean cannot = outcome.status() == Repair.Status.CANNOT;
        final PrintWriter out = cannot ? spec.commandLine().getErr() : spec.commandLine().getOut();
        for (final String line : outcome.lines())
        {
            out.println((cannot ? spec.qualifiedName() : "repair") + ": " + line);
        }
        return outcome.status() == Repair.Status.CANNOT ? ExitStatus.CHECK_FAILED : ExitStatus.OK;
    }
}
