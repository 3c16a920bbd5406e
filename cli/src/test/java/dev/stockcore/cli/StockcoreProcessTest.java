package dev.stockcore.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line as the launcher runs it: a separate JVM through {@code StockcoreCli.main}, with this
 * JVM's class path and flags (surefire's argLine, which is the root pom's JVM flag list).
 */
class StockcoreProcessTest
{
    @TempDir
    Path dir;

    @Test
    void shouldContinueTheStateAcrossTwoProcesses() throws Exception
    {
        final Path journal = dir.resolve("j");
        final Path first = Files.writeString(dir.resolve("first.txt"), "product A\nproduct B\nadjust A 50\nlink B A\nreserve 1 B 20\n");
        final Path second = Files.writeString(dir.resolve("second.txt"), "level A\nlevel B\nrelease 1\nlevel B\n");

        final Finished one = stockcore("script", "--journal", journal.toString(), first.toString());
        final Finished two = stockcore("script", "--journal", journal.toString(), second.toString());

        assertEquals(0, one.status, one::toString);
        assertEquals("OK\nOK\nOK\nOK\nOK\n", one.out, one::toString);
        assertEquals(0, two.status, two::toString);
        assertEquals("physical=50 reserved=20 available=30 source=-\n" +
            "physical=0 reserved=20 available=30 source=A\n" +
            "OK\n" +
            "physical=0 reserved=0 available=50 source=A\n", two.out, two::toString);
        assertFalse(two.err.contains("INFO"), two::toString);

        final Finished verify = stockcore("verify", "--journal", journal.toString());
        assertEquals(0, verify.status, verify::toString);
        assertTrue(verify.out.startsWith("OK\n"), verify::toString);
    }

    @Test
    void shouldExitTwoWithOneLineAndNoStackTraceOnADirectoryThatIsNotAJournal() throws Exception
    {
        final Path notJournal = Files.createDirectories(dir.resolve("not-a-journal"));

        final Finished run = stockcore("dump", "--journal", notJournal.toString());

        assertEquals(2, run.status, run::toString);
        assertEquals("", run.out);
        assertEquals("stockcore dump: " + notJournal + " is not a stockcore journal (it has no queue/ directory); " +
            "pass the directory given to script --journal\n", run.err);
    }

    @Test
    void shouldExitOneWhenVerifyFindsAProblem() throws Exception
    {
        final Path journal = dir.resolve("j");
        final List<byte[]> batches = new ArrayList<>(JournalFixture.batches("product A\nproduct B\nproduct C\n"));
        batches.remove(1);
        JournalFixture.append(journal, batches, System.currentTimeMillis());

        final Finished run = stockcore("verify", "--journal", journal.toString());

        assertEquals(1, run.status, run::toString);
        assertTrue(run.out.startsWith("FAILED: "), run::toString);
    }

    private static Finished stockcore(final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StockcoreCli.class.getName());
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        process.getOutputStream().close();
        final byte[] out = process.getInputStream().readAllBytes();
        final byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "stockcore " + String.join(" ", args) + " did not exit");
        return new Finished(process.exitValue(), new String(out, StandardCharsets.UTF_8),
            new String(err, StandardCharsets.UTF_8));
    }

    private record Finished(int status, String out, String err)
    {
    }
}
