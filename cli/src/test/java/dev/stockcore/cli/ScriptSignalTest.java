package dev.stockcore.cli;

import dev.stockcore.journal.ChildJvmFlags;
import dev.stockcore.journal.Journal;
import dev.stockcore.journal.Recovery;
import dev.stockcore.journal.SnapshotStore;
import dev.stockcore.engine.StockEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * SIGTERM or SIGINT to {@code script --journal} reading a pipe that stays open (the thread is blocked reading)
 * closes the journal as the end of a script does: a snapshot of the state every printed line acknowledged, one
 * line on stderr, and the shell's exit status for the signal. A real child JVM, a real signal.
 */
class ScriptSignalTest
{
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = { "TERM", "INT" })
    void shouldCloseTheJournalCleanlyOnASignal(final String signal) throws Exception
    {
        // A shell without job control starts background commands with SIGINT ignored, and so do their children.
        assumeFalse(ignoredByThisProcess(signal), "SIG" + signal + " is ignored in this process tree");
        final Path journal = dir.resolve("j");
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ChildJvmFlags.inherited());
        command.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
            "-cp", System.getProperty("java.class.path"), StockcoreCli.class.getName(),
            "script", "--journal", journal.toString(), "-"));
        final Path stderr = dir.resolve("err.txt");
        final Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        try
        {
            final BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            final OutputStream in = process.getOutputStream();
            in.write("product A\nadjust A 10\nreserve 1 A 3\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            final List<String> acknowledged = new ArrayList<>();
            for (int i = 0; i < 3; i++)
            {
                acknowledged.add(out.readLine());
            }
            assertEquals(List.of("OK", "OK", "OK"), acknowledged, () -> read(stderr));
            assertTrue(process.isAlive(), "the script ended with its input still open");

            final Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            assertTrue(kill.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill failed");
            assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the script did not end on SIG" + signal);

            assertEquals(128 + ("TERM".equals(signal) ? 15 : 2), process.exitValue(), () -> read(stderr));
            assertEquals(null, out.readLine(), "output after the acknowledgements");
            assertEquals(List.of("stockcore script: stopped by SIG" + signal + ": every line printed was acknowledged, " +
                "the lines after were not run; the journal was closed cleanly, as at the end of a script (snapshot " +
                "written)"), Files.readAllLines(stderr, StandardCharsets.UTF_8));
        }
        finally
        {
            process.destroyForcibly();
            process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        final SnapshotStore snapshots = new SnapshotStore(journal);
        assertEquals(1, snapshots.list().size(), "the clean close writes one snapshot: " + snapshots.list());
        final SnapshotStore.Info snapshot = snapshots.verify(snapshots.list().get(0));
        try (Journal opened = Journal.openForReading(journal))
        {
            final Recovery.Outcome recovered = Recovery.recover(opened,
                () -> new StockEngine(null, 16, 16, 86_400_000L), Recovery.Progress.NONE);
            assertNotNull(recovered.snapshot(), "recovery did not start from the snapshot");
            assertEquals(0, recovered.movementsReplayed(), "the snapshot does not cover every acknowledged line");
            assertEquals(snapshot.sequence(), recovered.engine().sequence());
            assertEquals(3, recovered.engine().reservedHeld(0));
        }
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        }
        catch (final IOException ex)
        {
            return "(cannot read " + file + ": " + ex + ")";
        }
    }

    /** Whether a signal is ignored by this JVM, and so by the children it starts (Linux: /proc/self/status). */
    private static boolean ignoredByThisProcess(final String signal) throws IOException
    {
        final int number = "INT".equals(signal) ? 2 : 15;
        for (final String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8))
        {
            if (line.startsWith("SigIgn:"))
            {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & 1L << number - 1) != 0;
            }
        }
        return false;
    }
}
