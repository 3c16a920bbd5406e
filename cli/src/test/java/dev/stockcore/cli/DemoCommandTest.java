package dev.stockcore.cli;

import dev.stockcore.engine.movement.MovementDecoder;
import dev.stockcore.engine.movement.MovementKind;
import dev.stockcore.journal.Journal;
import org.agrona.collections.LongHashSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code stockcore demo} end to end at small scale: a real child JVM killed with SIGKILL, recovery, the audit.
 */
class DemoCommandTest
{
    /** Reservation ids of the load after recovery start here (DemoCommand): below it, the child's. */
    private static final long RECOVERED_FIRST_ID = 1L << 40;

    @TempDir
    Path dir;

    @Test
    void shouldKillTheEngineJvmRecoverAndFindEveryAcknowledgedOrderAndNothingOversold() throws IOException
    {
        final Path journal = dir.resolve("journal");

        final CliRun run = CliRun.run("demo", "--journal", journal.toString(), "--seconds", "2", "--rate", "500");

        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("killed: exit status 137)"), run::toString);
        final long acknowledged = number(run, "acknowledged before the kill\\s+([0-9,]+) reservations");
        assertTrue(acknowledged > 0, run::toString);
        assertEquals(acknowledged, number(run, "\n  recovered\\s+([0-9,]+) reservations"), run::toString);
        assertTrue(run.out().contains("\n  lost  "), run::toString);
        assertEquals(0, number(run, "\n  lost\\s+([0-9,]+) reservations, 0 commits"), run::toString);
        assertEquals(0, number(run, "\n  oversold\\s+([0-9,]+)\n"), run::toString);
        assertEquals(43, number(run, "\n  products checked\\s+([0-9,]+),"), run::toString);
        assertTrue(run.out().contains("\n  result  "), run::toString);
        assertTrue(run.out().contains("PASS in "), run::toString);
        assertTrue(childReservationsInJournal(journal) >= acknowledged, run::toString);
        assertTrue(run.err().contains("demo: SIGKILL to pid "), run::toString);
        assertTrue(Files.exists(journal.resolve("demo-engine.log")), "the child's stderr is kept beside the journal");

        final CliRun verify = CliRun.run("verify", "--journal", journal.toString());
        assertEquals(0, verify.status(), verify::toString);
    }

    @Test
    void shouldDescribeWhatItShowsInItsHelp()
    {
        final CliRun run = CliRun.run("demo", "--help");

        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("Usage: stockcore demo "), run::toString);
        assertTrue(run.out().contains("--seconds=N"), run::toString);
        assertTrue(run.out().contains("--rate=R"), run::toString);
        assertTrue(run.out().contains("SIGKILL"), run::toString);
        assertTrue(run.out().contains("oversold"), run::toString);
    }

    @Test
    void shouldRefuseADirectoryThatIsNotEmpty() throws IOException
    {
        final Path used = Files.createDirectories(dir.resolve("used"));
        Files.writeString(used.resolve("notes.txt"), "mine");

        final CliRun run = CliRun.run("demo", "--journal", used.toString());

        assertEquals(2, run.status(), run::toString);
        assertTrue(run.err().contains(used + " is not empty"), run::toString);
        assertEquals("mine", Files.readString(used.resolve("notes.txt")));
    }

    @Test
    void shouldRefuseLessThanTwoSeconds()
    {
        final CliRun run = CliRun.run("demo", "--seconds", "1");

        assertEquals(2, run.status(), run::toString);
        assertTrue(run.err().contains("--seconds must be 2..3600"), run::toString);
    }

    private static long number(final CliRun run, final String regex)
    {
        final Matcher matcher = Pattern.compile(regex).matcher(run.out());
        assertTrue(matcher.find(), regex + " in\n" + run);
        return Long.parseLong(matcher.group(1).replace(",", ""));
    }

    /** Distinct reservation ids the child's load left in the journal, read straight from its movements. */
    private static long childReservationsInJournal(final Path journalDir)
    {
        final LongHashSet ids = new LongHashSet();
        final MovementDecoder decoder = new MovementDecoder();
        try (Journal journal = Journal.openForReading(journalDir))
        {
            journal.read(-1, (index, buffer, offset, length) ->
            {
                for (decoder.wrapBatch(buffer, offset); decoder.next(); )
                {
                    if (decoder.kind() == MovementKind.RESERVED && decoder.reservationId() < RECOVERED_FIRST_ID)
                    {
                        ids.add(decoder.reservationId());
                    }
                }
                return true;
            });
        }
        return ids.size();
    }
}
