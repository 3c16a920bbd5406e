package dev.stockcore.cli;

import dev.stockcore.engine.Result;
import dev.stockcore.engine.StockEngine;
import dev.stockcore.journal.Journal;
import dev.stockcore.journal.JournalException;
import dev.stockcore.journal.JournaledEngine;
import dev.stockcore.journal.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code stockcore dump --journal DIR [--from SEQ] [--sku SKU] [--reservation ID]}: the journal's movements,
 * one {@link MovementLine} each. Read-only and lock-free, so it runs beside a writer.
 * <p>
 * SKUs are learnt from the PRODUCT_ADDED movements; with {@code --from} past a snapshot, reading starts
 * after that snapshot (its engine names the products) instead of at the first excerpt. A pruned journal
 * takes the names of the products registered before its start from the newest valid snapshot.
 */
@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    header = "Print the journal's movements, one line each; read-only.",
    description = {
        "Prints the journal's movements, one line each, oldest first. Filters combine (all must match). " +
            "It does not modify the journal and takes no lock: it runs safely while a writer is running.",
        "" },
    footerHeading = "%nOutput: one line per movement, always all these fields in this order, e.g. (one line):%n",
    footer = {
        "  seq=12 time=1970-01-01T00:00:00.005Z kind=RESERVED reservation=7 ordered=B holder=A",
        "    qty=3 physical=10 reserved=3",
        "",
        "  seq          movement sequence, gap-free from 1",
        "  time         engine time, ISO-8601 UTC with milliseconds",
        "  kind         PRODUCT_ADDED TIME_ADVANCED ADJUSTED COUNTED LINKED UNLINKED RESERVED",
        "               COMMITTED RELEASED EXPIRED",
        "  reservation  reservation id, - for none",
        "  ordered      SKU as ordered (the order view: B for a product that consumes A's stock), - for none",
        "  holder       SKU holding the physical stock (the invoice view: A), - for none",
        "  qty          quantity (signed for ADJUSTED and COUNTED; for TIME_ADVANCED the id retention in ms)",
        "  physical     the holder's physical stock after the movement",
        "  reserved     what open reservations hold against the holder's stock after the movement",
        "A product whose registration was pruned away, with no snapshot to name it, shows as #<index>.",
        "",
        "Examples:",
        "  stockcore dump --journal /var/lib/stockcore --sku OIL-1L",
        "  stockcore dump --journal /var/lib/stockcore --reservation 42",
        "  stockcore dump --journal /var/lib/stockcore --from 1000000 | head" },
    exitCodeListHeading = ExitStatus.HEADING,
    exitCodeList = {
        ExitStatus.OK_TEXT,
        "1:--sku names no product, or --reservation no reservation, of the journal (the message on stderr says so)",
        ExitStatus.ERROR_TEXT })
final class DumpCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private JournalOption journal;

    @Option(names = "--from", paramLabel = "SEQ", description = "start at movement sequence SEQ (default: 1, the first)")
    private long from = 1;

    @Option(
        names = "--sku",
        paramLabel = "SKU",
        description = "only movements with SKU as ordered OR as holder, so that for shared stock both the orders " +
            "taken as B and the stock they draw from A show")
    private String sku;

    @Option(names = "--reservation", paramLabel = "ID", description = "only the movements of reservation ID")
    private long reservation;

    private boolean reservationInSnapshot;

    @Override
    public Integer call()
    {
        if (from < 1)
        {
            throw new ParameterException(spec.commandLine(), "--from must be a movement sequence, 1 or more: " + from);
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--reservation") && reservation < 1)
        {
            throw new ParameterException(spec.commandLine(), "--reservation must be a reservation id, 1 or more: " +
                reservation);
        }
        JournalDirectory.requireJournal(journal.dir);
        final PrintWriter out = spec.commandLine().getOut();
        try (Journal opened = Journal.openForReading(journal.dir))
        {
            final ProductNames names = new ProductNames();
            final List<String> warnings = new ArrayList<>();
            final long afterIndex = start(opened, names, warnings);
            StockcoreCli.warn(spec, new ArrayList<>(new LinkedHashSet<>(warnings)));
            final MovementDump dump = new MovementDump(names, out, from, sku, reservation);
            opened.read(afterIndex, dump);
            out.flush();
            if (!dump.skuFound())
            {
                spec.commandLine().getErr().println(spec.qualifiedName() + ": no product " + sku +
                    " in the journal (SKUs are case-sensitive)");
                return ExitStatus.CHECK_FAILED;
            }
            if (!dump.reservationFound() && !reservationInSnapshot && !dump.outputClosed())
            {
                spec.commandLine().getErr().println(spec.qualifiedName() + ": no movement of reservation " +
                    reservation + " in the journal (never reserved, or pruned away; stockcore reservation tells " +
                    "its state)");
                return ExitStatus.CHECK_FAILED;
            }
            return ExitStatus.OK;
        }
    }

    /**
     * Where reading starts, learning the names it will not read: after the newest valid snapshot before
     * {@code --from} if there is one, else at the first excerpt.
     *
     * @return the index to read after, -1 for the start.
     */
    private long start(final Journal opened, final ProductNames names, final List<String> warnings)
    {
        final SnapshotStore snapshots = new SnapshotStore(journal.dir);
        final JournaledEngine.Context engines = new JournaledEngine.Context();
        if (from > 1)
        {
            for (final Path file : snapshots.list())
            {
                try
                {
                    final SnapshotStore.Info info = snapshots.verify(file);
                    if (info.sequence() < from && info.journalIndex() >= 0 &&
                        info.journalIndex() >= opened.firstIndex() && info.journalIndex() <= opened.lastIndex())
                    {
                        final StockEngine engine = snapshots.load(file, engines.newEngine()).engine();
                        names.learn(engine);
                        reservationInSnapshot = reservation > 0 &&
                            engine.reservationState(reservation) != Result.UNKNOWN_RESERVATION;
                        return info.journalIndex();
                    }
                }
                catch (final JournalException | IllegalStateException ex)
                {
                    warnings.add("snapshot " + file.getFileName() + " skipped: " + ex.getMessage());
                }
            }
        }
        final long firstSequence = JournalDirectory.firstSequence(opened);
        if (firstSequence > 1)
        {
            final SnapshotStore.Loaded loaded = snapshots.loadNewestValid(engines::newEngine, warnings);
            if (loaded != null)
            {
                names.learn(loaded.engine());
                reservationInSnapshot = reservation > 0 &&
                    loaded.engine().reservationState(reservation) != Result.UNKNOWN_RESERVATION;
            }
            else
            {
                warnings.add("the journal starts at sequence " + firstSequence + " (it was pruned) and no valid " +
                    "snapshot names the products registered before that: they show as #<index>");
            }
        }
        return -1;
    }
}
