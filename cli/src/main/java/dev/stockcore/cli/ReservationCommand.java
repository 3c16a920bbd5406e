package dev.stockcore.cli;

import dev.stockcore.engine.ReservationState;
import dev.stockcore.engine.ReservationStatus;
import dev.stockcore.engine.StockEngine;
import dev.stockcore.journal.Journal;
import dev.stockcore.journal.Recovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code stockcore reservation --journal DIR ID}: what the journal says of one reservation id, recovered read-only
 * as {@code recover} does, in the words of {@link dev.stockcore.runtime.StockRuntime#reservation}.
 */
@Command(
    name = "reservation",
    mixinStandardHelpOptions = true,
    header = "Show the state of one reservation; read-only.",
    description = {
        "Recovers the state from the journal (as recover does) and prints what it holds of reservation ID:",
        "  reservation <id> state=<OPEN|CLOSED|EXPIRED|UNKNOWN> deadline=<epochMillis|->",
        "and, for an OPEN one, one line per order line with something left, n from 0 in the order's line order:",
        "  line <n> ordered=<sku> holder=<sku> remaining=<qty>",
        "",
        "OPEN holds stock; CLOSED was committed, released, or partly committed then released; EXPIRED ran out of " +
            "time and went back to stock; UNKNOWN was never reserved or was closed longer ago than the id " +
            "retention (24 h by default) and is forgotten. deadline is the engine time at which an OPEN " +
            "reservation expires, - without a time-to-live or when not OPEN. The state is as of the journal's last " +
            "movement: an OPEN reservation past its deadline expires at the writer's next time advance.",
        "",
        "It does not modify the journal and takes no lock: it runs safely while a writer is running.",
        "" },
    footerHeading = "%nExample:%n",
    footer = "  stockcore reservation --journal /var/lib/stockcore 1001",
    exitCodeListHeading = ExitStatus.HEADING,
    exitCodeList = {
        "0:the journal knows the reservation (any state but UNKNOWN)",
        "1:UNKNOWN: never reserved, or forgotten after the retention",
        ExitStatus.ERROR_TEXT })
final class ReservationCommand implements Callable<Integer>
{
    @ParentCommand
    private StockcoreCli cli;

    @Spec
    private CommandSpec spec;

    @Mixin
    private JournalOption journal;

    @Parameters(index = "0", paramLabel = "ID", description = "the reservation id, 1 or more")
    private long reservationId;

    @Override
    public Integer call()
    {
        if (reservationId < 1)
        {
            throw new ParameterException(spec.commandLine(), "ID must be a reservation id, 1 or more: " +
                reservationId);
        }
        JournalDirectory.requireJournal(journal.dir);
        try (Journal opened = Journal.openForReading(journal.dir))
        {
            final Recovery.Outcome recovery = cli.recover(opened, spec);
            final StockEngine engine = recovery.engine();
            final ReservationStatus status = engine.reservation(reservationId, new ReservationStatus());
            final PrintWriter out = spec.commandLine().getOut();
            out.println(format(engine, status));
            out.flush();
            return status.state() == ReservationState.UNKNOWN ? ExitStatus.CHECK_FAILED : ExitStatus.OK;
        }
    }

    /**
     * @param engine names the products.
     * @param status the answer.
     * @return the output lines, without the last line separator.
     */
    static String format(final StockEngine engine, final ReservationStatus status)
    {
        final StringBuilder out = new StringBuilder(64)
            .append("reservation ").append(status.reservationId())
            .append(" state=").append(status.state().name())
            .append(" deadline=");
        if (status.deadline() == ReservationStatus.NO_DEADLINE)
        {
            out.append('-');
        }
        else
        {
            out.append(status.deadline());
        }
        if (status.state() == ReservationState.OPEN)
        {
            for (int i = 0; i < status.lineCount(); i++)
            {
                if (status.remaining(i) > 0)
                {
                    out.append('\n').append("line ").append(i)
                        .append(" ordered=").append(name(engine, status.ordered(i)))
                        .append(" holder=").append(name(engine, status.holder(i)))
                        .append(" remaining=").append(status.remaining(i));
                }
            }
        }
        return out.toString();
    }

    private static String name(final StockEngine engine, final int product)
    {
        final String sku = engine.sku(product);
        return sku == null ? "#" + product : sku;
    }
}
