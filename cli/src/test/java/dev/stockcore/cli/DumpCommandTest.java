package dev.stockcore.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DumpCommandTest
{
    /** B sells A's stock; order 7 is taken as B, order 8 as A. */
    private static final String SHARED_STOCK = String.join("\n",
        "product A", "product B", "adjust A 100 12.5", "link B A", "time 5", "reserve 7 B 3", "reserve 8 A 2",
        "commit 7 B 1", "");

    @TempDir
    Path dir;

    private Path journal;

    @BeforeEach
    void writeJournal()
    {
        journal = dir.resolve("j");
        assertEquals(0, CliRun.script(journal, SHARED_STOCK).status());
    }

    @Test
    void shouldPrintEveryMovementWithOrderedAndHolder()
    {
        final CliRun run = CliRun.run("dump", "--journal", journal.toString());

        assertEquals(0, run.status(), run::toString);
        assertEquals(List.of(
            "seq=1 time=1970-01-01T00:00:00.000Z kind=PRODUCT_ADDED reservation=- ordered=A holder=A qty=0 physical=0 reserved=0",
            "seq=2 time=1970-01-01T00:00:00.000Z kind=PRODUCT_ADDED reservation=- ordered=B holder=B qty=0 physical=0 reserved=0",
            "seq=3 time=1970-01-01T00:00:00.000Z kind=ADJUSTED reservation=- ordered=A holder=A qty=100 physical=100 reserved=0",
            "seq=4 time=1970-01-01T00:00:00.000Z kind=LINKED reservation=- ordered=B holder=A qty=0 physical=100 reserved=0",
            "seq=5 time=1970-01-01T00:00:00.005Z kind=TIME_ADVANCED reservation=- ordered=- holder=- qty=86400000 physical=0 reserved=0",
            "seq=6 time=1970-01-01T00:00:00.005Z kind=RESERVED reservation=7 ordered=B holder=A qty=3 physical=100 reserved=3",
            "seq=7 time=1970-01-01T00:00:00.005Z kind=RESERVED reservation=8 ordered=A holder=A qty=2 physical=100 reserved=5",
            "seq=8 time=1970-01-01T00:00:00.005Z kind=COMMITTED reservation=7 ordered=B holder=A qty=1 physical=99 reserved=4"),
            run.outLines());
        assertEquals("", run.err());
    }

    @Test
    void shouldMatchTheSourceSkuAsHolder()
    {
        final CliRun run = CliRun.run("dump", "--journal", journal.toString(), "--sku", "A");

        assertEquals(List.of(1L, 3L, 4L, 6L, 7L, 8L), sequences(run));
    }

    @Test
    void shouldMatchTheConsumerSkuAsOrdered()
    {
        final CliRun run = CliRun.run("dump", "--journal", journal.toString(), "--sku", "B");

        assertEquals(List.of(2L, 4L, 6L, 8L), sequences(run));
        assertTrue(run.outLines().stream().allMatch(line -> line.contains("ordered=B")), run::toString);
    }

    @Test
    void shouldStartAtTheGivenSequence()
    {
        final CliRun run = CliRun.run("dump", "--journal", journal.toString(), "--from", "6");

        assertEquals(List.of(6L, 7L, 8L), sequences(run));
    }

    @Test
    void shouldStartAfterASnapshotWithTheSameLinesAsAFullDump()
    {
        CliRun.script(journal, "reserve 9 B 4\nrelease 8\n");
        final List<String> all = CliRun.run("dump", "--journal", journal.toString()).outLines();

        final CliRun fromSnapshot = CliRun.run("dump", "--journal", journal.toString(), "--from", "9");

        assertEquals(all.subList(8, all.size()), fromSnapshot.outLines());
        assertTrue(fromSnapshot.outLines().get(0).contains("ordered=B holder=A"), fromSnapshot::toString);
    }

    @Test
    void shouldSelectOneReservation()
    {
        final CliRun run = CliRun.run("dump", "--journal", journal.toString(), "--reservation", "7");

        assertEquals(List.of(6L, 8L), sequences(run));
    }

    @Test
    void shouldCombineFilters()
    {
        final CliRun run = CliRun.run("dump", "--journal", journal.toString(), "--sku", "B", "--from", "5",
            "--reservation", "7");

        assertEquals(List.of(6L, 8L), sequences(run));
    }

    @Test
    void shouldSayWhenTheSkuIsUnknown()
    {
        final CliRun run = CliRun.run("dump", "--journal", journal.toString(), "--sku", "a");

        assertEquals(1, run.status());
        assertEquals("", run.out());
        assertEquals(List.of("stockcore dump: no product a in the journal (SKUs are case-sensitive)"), run.errLines());
    }

    @Test
    void shouldSayWhenTheReservationIsUnknown()
    {
        final CliRun run = CliRun.run("dump", "--journal", journal.toString(), "--reservation", "99");

        assertEquals(1, run.status(), run::toString);
        assertEquals("", run.out());
        assertEquals(List.of("stockcore dump: no movement of reservation 99 in the journal (never reserved, or " +
            "pruned away; stockcore reservation tells its state)"), run.errLines());
    }

    @Test
    void shouldSucceedForAKnownReservationWhoseMovementsAreBeforeFrom()
    {
        final CliRun run = CliRun.run("dump", "--journal", journal.toString(), "--reservation", "7", "--from", "9");

        assertEquals(0, run.status(), run::toString);
        assertEquals("", run.out());
    }

    @Test
    void shouldRejectASequenceBelowOne()
    {
        final CliRun run = CliRun.run("dump", "--journal", journal.toString(), "--from", "0");

        assertEquals(2, run.status());
        assertTrue(run.err().contains("--from must be a movement sequence, 1 or more: 0"), run::toString);
    }

    private static List<Long> sequences(final CliRun run)
    {
        return run.outLines().stream().map(line -> Long.parseLong(line.substring(4, line.indexOf(' ')))).toList();
    }
}
