package dev.stockcore.cli;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.runtime.StockRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code stockcore reservation --journal DIR ID} on journals written by {@code script --journal} and by the runtime.
 */
class ReservationCommandTest
{
    private static final String SCRIPT = String.join("\n",
        "product A",
        "product B",
        "product C",
        "adjust A 100",
        "adjust C 50",
        "link B A",
        "time 1000",
        "reserve 7 ttl=60000 B 3 C 2 B 1",
        "reserve 8 A 2",
        "reserve 9 ttl=10 A 1",
        "reserve 10 A 1",
        "reserve 11 C 4 A 1",
        "commit 7 C 2",
        "commit 8",
        "release 10",
        "commit 11 C 4",
        "time 2000",
        "");

    @TempDir
    Path dir;

    private Path scripted()
    {
        final Path journal = dir.resolve("j");
        final CliRun run = CliRun.script(journal, SCRIPT);
        assertEquals(0, run.status(), run::toString);
        return journal;
    }

    @Test
    void shouldPrintAnOpenReservationWithDeadlineAndTheLinesWithSomethingLeft()
    {
        final CliRun run = CliRun.run("reservation", "--journal", scripted().toString(), "7");

        assertEquals(0, run.status(), run::toString);
        assertEquals("reservation 7 state=OPEN deadline=61000\n" +
            "line 0 ordered=B holder=A remaining=4\n", run.out());
        assertEquals("", run.err());
    }

    @Test
    void shouldNumberLinesInTheOrdersLineOrderSkippingThoseWithNothingLeft()
    {
        final CliRun run = CliRun.run("reservation", "--journal", scripted().toString(), "11");

        assertEquals(0, run.status(), run::toString);
        assertEquals("reservation 11 state=OPEN deadline=-\n" +
            "line 1 ordered=A holder=A remaining=1\n", run.out());
    }

    @Test
    void shouldPrintCommittedAndReleasedAsClosed()
    {
        final Path journal = scripted();

        final CliRun committed = CliRun.run("reservation", "--journal", journal.toString(), "8");
        final CliRun released = CliRun.run("reservation", "--journal", journal.toString(), "10");

        assertEquals(0, committed.status(), committed::toString);
        assertEquals("reservation 8 state=CLOSED deadline=-\n", committed.out());
        assertEquals(0, released.status(), released::toString);
        assertEquals("reservation 10 state=CLOSED deadline=-\n", released.out());
    }

    @Test
    void shouldPrintExpired()
    {
        final CliRun run = CliRun.run("reservation", "--journal", scripted().toString(), "9");

        assertEquals(0, run.status(), run::toString);
        assertEquals("reservation 9 state=EXPIRED deadline=-\n", run.out());
    }

    @Test
    void shouldExitOneForAnUnknownId()
    {
        final CliRun run = CliRun.run("reservation", "--journal", scripted().toString(), "12");

        assertEquals(1, run.status(), run::toString);
        assertEquals("reservation 12 state=UNKNOWN deadline=-\n", run.out());
    }

    @Test
    void shouldForgetAClosedReservationAfterTheRetention()
    {
        final Path journal = scripted();
        assertEquals(0, CliRun.script(journal, "time 86402000\n").status());

        final CliRun run = CliRun.run("reservation", "--journal", journal.toString(), "8");

        assertEquals(1, run.status(), run::toString);
        assertEquals("reservation 8 state=UNKNOWN deadline=-\n", run.out());
    }

    @Test
    void shouldRejectAnIdBelowOneAndAMissingJournal()
    {
        final CliRun zero = CliRun.run("reservation", "--journal", scripted().toString(), "0");
        final CliRun text = CliRun.run("reservation", "--journal", dir.resolve("j").toString(), "seven");
        final CliRun missing = CliRun.run("reservation", "--journal", dir.resolve("none").toString(), "7");

        assertEquals(2, zero.status(), zero::toString);
        assertTrue(zero.err().contains("ID must be a reservation id, 1 or more: 0"), zero::toString);
        assertEquals(2, text.status(), text::toString);
        assertEquals(2, missing.status(), missing::toString);
        assertEquals(1, missing.errLines().size(), missing::toString);
    }

    @Test
    void shouldReadAJournalTheRuntimeWrote()
    {
        final Path journal = dir.resolve("runtime");
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(journal)
            .clock(() -> 5_000)))
        {
            runtime.addProduct("OIL-1L");
            final int oil = runtime.productIndex("OIL-1L");
            runtime.adjust(oil, 10, EngineLimits.NO_COST);
            runtime.reserve(1001, 900_000, new OrderLines().add(oil, 2));
        }

        final CliRun run = CliRun.run("reservation", "--journal", journal.toString(), "1001");

        assertEquals(0, run.status(), run::toString);
        assertEquals("reservation 1001 state=OPEN deadline=905000\n" +
            "line 0 ordered=OIL-1L holder=OIL-1L remaining=2\n", run.out());
    }
}
