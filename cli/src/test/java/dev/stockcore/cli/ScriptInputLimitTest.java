package dev.stockcore.cli;

import dev.stockcore.engine.script.ScriptRunner;
import dev.stockcore.journal.ChildJvmFlags;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A script line longer than {@link ScriptRunner#MAX_LINE_LENGTH} is one {@code INVALID_COMMAND} and is never held
 * in memory whole: a 300 MB line, generated as it is written into a pipe (never stored), goes through a real
 * {@code stockcore script -} JVM whose heap is far smaller than the line, in memory and journaled.
 */
class ScriptInputLimitTest
{
    private static final long LONG_LINE_BYTES = 300L * 1024 * 1024;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "journaled={0}")
    @ValueSource(booleans = { false, true })
    void shouldAnswerOneInvalidCommandForA300MegabyteLineUnderASmallHeap(final boolean journaled) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ChildJvmFlags.inherited());
        command.addAll(List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
            "-cp", System.getProperty("java.class.path"), StockcoreCli.class.getName(), "script"));
        if (journaled)
        {
            command.addAll(List.of("--journal", dir.resolve("journal").toString()));
        }
        command.add("-");
        final Process process = new ProcessBuilder(command).redirectError(dir.resolve("err.txt").toFile()).start();
        final Thread writer = new Thread(() -> feed(process.getOutputStream()), "script-feeder");
        writer.start();
        final byte[] out = process.getInputStream().readAllBytes();
        writer.join();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "stockcore script did not exit");
        final String err = java.nio.file.Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);

        assertEquals(0, process.exitValue(), err);
        assertEquals("OK\nOK\nINVALID_COMMAND\nINVALID_COMMAND\nphysical=5 reserved=0 available=5 source=-\n",
            new String(out, StandardCharsets.US_ASCII), err);
        assertTrue(!err.contains("OutOfMemoryError"), err);
    }

    /** A product, a 300 MB line, a long comment line, then commands that show the runner carried on. */
    private static void feed(final OutputStream stdin)
    {
        try (OutputStream in = stdin)
        {
            in.write("product A\nadjust A 5\n".getBytes(StandardCharsets.US_ASCII));
            final byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte)'7');
            chunk[0] = 'a';
            for (long written = 0; written < LONG_LINE_BYTES; written += chunk.length)
            {
                in.write(chunk);
                chunk[0] = '7';
            }
            in.write('\n');
            final byte[] comment = new byte[ScriptRunner.MAX_LINE_LENGTH + 1];
            Arrays.fill(comment, (byte)'#');
            in.write(comment);
            in.write("\nlevel A\n".getBytes(StandardCharsets.US_ASCII));
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot feed the script: " + ex, ex);
        }
    }
}
