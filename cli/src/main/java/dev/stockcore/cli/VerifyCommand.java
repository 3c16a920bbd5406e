package dev.stockcore.cli;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.StockEngine;
import dev.stockcore.journal.Journal;
import dev.stockcore.journal.JournalException;
import dev.stockcore.journal.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code stockcore verify --journal DIR}: replays the whole journal onto a fresh engine with the checks of
 * {@link JournalVerifier}, and prints {@code OK} and a summary line, or {@code FAILED: } and what is wrong
 * (excerpt index in hex and decimal, cycle file, sequence, what) with exit status 1: a damaged excerpt (its
 * checksum fails) too.
 * <p>
 * A pruned journal (its first movement is not sequence 1) is verified from the oldest valid snapshot it
 * still continues, the most of it that can be checked, and the command says so.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    header = "Replay the whole journal from scratch and check it; read-only.",
    description = {
        "Replays the journal from its first movement onto an empty engine (snapshots are not used to start) " +
            "and checks:",
        "  - the sequence is gap-free: each batch starts right after the one before, nothing repeated;",
        "  - every batch applies to the state it was recorded on;",
        "  - never oversold: 0 <= reservedHeld <= physical for every product a batch touched, after each batch;",
        "  - every invariant of the engine after every batch (on a large state, after enough movements to",
        "    keep the cost linear in the journal; --every-batch forces every batch);",
        "  - every valid snapshot: where the replay reaches its sequence, its state hash is the replay's.",
        "",
        "Prints OK and a summary line, or 'FAILED: ' and what is wrong (journal index, sequence), and stops " +
            "there. A pruned journal is verified from the oldest valid snapshot it continues, and stderr says " +
            "so. A snapshot that fails its own checks is reported on stderr and skipped, as recovery skips it.",
        "",
        "It does not modify the journal and takes no lock: it runs safely while a writer is running.",
        "" },
    footerHeading = "%nExamples:%n",
    footer = {
        "  stockcore verify --journal /var/lib/stockcore",
        "  stockcore verify --journal /var/lib/stockcore --every-batch   # find the first bad batch" },
    exitCodeListHeading = ExitStatus.HEADING,
    exitCodeList = {
        "0:OK: every check passed",
        "1:FAILED: the journal or a snapshot is wrong (stdout says where)",
        ExitStatus.ERROR_TEXT })
final class VerifyCommand implements Callable<Integer>
{
    @ParentCommand
    private StockcoreCli cli;

    @Spec
    private CommandSpec spec;

    @Mixin
    private JournalOption journal;

    @Option(
        names = "--every-batch",
        description = "run the full invariant check after every batch even on a large state (slow: products " +
            "times batches)")
    private boolean everyBatch;

    @Override
    public Integer call()
    {
        JournalDirectory.requireJournal(journal.dir);
        final PrintWriter out = spec.commandLine().getOut();
        try (Journal opened = Journal.openForReading(journal.dir))
        {
            final SnapshotStore snapshots = new SnapshotStore(journal.dir);
            final List<String> warnings = new ArrayList<>();
            final List<SnapshotStore.Info> valid = validSnapshots(snapshots, warnings);
            final long firstSequence = JournalDirectory.firstSequence(opened);
            final SnapshotStore.Loaded base = firstSequence > 1 ? base(opened, snapshots, valid, warnings) : null;
            if (firstSequence > 1 && base == null)
            {
                StockcoreCli.warn(spec, warnings);
                out.println("FAILED: the journal starts at sequence " + firstSequence + " (it was pruned) and no " +
                    "valid snapshot covers a journal index it still holds, so it cannot be replayed; run recover " +
                    "to see which snapshot recovery tries");
                return ExitStatus.CHECK_FAILED;
            }
            final StockEngine engine = base != null ? base.engine() : newEngine();
            final long startIndex = base != null ? base.info().journalIndex() : -1;
            final String from = base != null ? base.info().file().getFileName().toString() : "start";
            if (base != null)
            {
                spec.commandLine().getErr().println(spec.qualifiedName() + ": the journal was pruned (it starts at " +
                    "sequence " + firstSequence + "): verifying from snapshot " + from + " (sequence " +
                    base.info().sequence() + ") instead of from the start");
                final String broken = engine.checkInvariants();
                if (broken != null)
                {
                    out.println("FAILED: snapshot " + from + ": an invariant does not hold in it: " + broken);
                    return ExitStatus.CHECK_FAILED;
                }
            }
            final long startSequence = engine.sequence();
            final List<SnapshotStore.Info> pending = new ArrayList<>();
            for (final SnapshotStore.Info info : valid)
            {
                if (base == null ? info.sequence() >= startSequence : info.sequence() > startSequence)
                {
                    pending.add(info);
                }
            }
            final long total = base == null ? opened.countExcerpts(opened.firstIndex(), opened.lastIndex() + 1) :
                opened.countExcerpts(startIndex, opened.lastIndex() + 1) - 1;
            final TerminalProgress progress = cli.progress("verify");
            final JournalVerifier verifier = new JournalVerifier(engine, startIndex, snapshots, pending,
                VerifyCommand::newEngine, everyBatch, progress, total, warnings, opened);
            boolean passed;
            try
            {
                passed = verifier.compareSnapshotsAt(startIndex, startSequence);
                if (passed)
                {
                    opened.read(startIndex, verifier);
                    passed = verifier.finish();
                }
            }
            catch (final JournalException ex)
            {
                out.println("FAILED: " + ex.getMessage());
                return ExitStatus.CHECK_FAILED;
            }
            finally
            {
                progress.finish();
                StockcoreCli.warn(spec, warnings);
            }
            if (!passed)
            {
                out.println("FAILED: " + verifier.problem());
                return ExitStatus.CHECK_FAILED;
            }
            out.println("OK");
            out.println(String.format("from=%s batches=%d movements=%d first_sequence=%d last_sequence=%d " +
                    "snapshots_matched=%d full_invariant_checks=%d state_hash=%016x time_ms=%.1f",
                from, verifier.batches(), verifier.movements(), startSequence + 1, engine.sequence(),
                verifier.snapshotsMatched(), verifier.fullChecks(), engine.stateHash(), verifier.nanos() / 1e6));
            return ExitStatus.OK;
        }
    }

    /**
     * Where a pruned journal is verified from: the oldest valid snapshot whose journal index the journal still
     * holds, so that as much of the journal as is left gets checked.
     *
     * @return the loaded snapshot, or null if none fits.
     */
    private static SnapshotStore.Loaded base(final Journal opened, final SnapshotStore snapshots,
        final List<SnapshotStore.Info> valid, final List<String> warnings)
    {
        for (final SnapshotStore.Info info : valid)
        {
            if (info.journalIndex() >= opened.firstIndex() && info.journalIndex() <= opened.lastIndex())
            {
                try
                {
                    return snapshots.load(info.file(), newEngine());
                }
                catch (final JournalException | IllegalStateException ex)
                {
                    warnings.add("snapshot " + info.file().getFileName() + " skipped: " + ex.getMessage());
                }
            }
        }
        return null;
    }

    /**
     * An empty engine with small tables that grow with the state: the full invariant check walks the tables'
     * capacity, so they should be no larger than the state needs.
     */
    private static StockEngine newEngine()
    {
        return new StockEngine(null, 16, 16, EngineLimits.DEFAULT_RETENTION_MILLIS);
    }

    /**
     * The snapshots whose file checks pass, by ascending sequence; the others are reported and skipped.
     */
    private static List<SnapshotStore.Info> validSnapshots(final SnapshotStore snapshots, final List<String> warnings)
    {
        final List<SnapshotStore.Info> valid = new ArrayList<>();
        for (final Path file : snapshots.list())
        {
            try
            {
                valid.add(snapshots.verify(file));
            }
            catch (final JournalException ex)
            {
                warnings.add("snapshot " + file.getFileName() + " skipped: " + ex.getMessage());
            }
        }
        valid.sort(Comparator.comparingLong(SnapshotStore.Info::sequence));
        return valid;
    }
}
