package dev.stockcore.bench.jmh;

import dev.stockcore.bench.BenchCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bench jmh} while another JMH run holds JMH's lock file: one line saying so and what to do, exit 2, no
 * stack trace. A real child JVM whose {@code java.io.tmpdir} (where JMH keeps {@code jmh.lock}) is a temporary
 * directory, so the test holds that lock, not the machine's.
 */
class JmhLockTest
{
    @TempDir
    Path dir;

    @Test
    void shouldSayInOneLineThatAnotherJmhRunHoldsTheLock() throws Exception
    {
        final Path lockFile = dir.resolve("jmh.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock())
        {
            assertNotNull(lock, "cannot take " + lockFile);
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.addAll(List.of("-Djava.io.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"),
                BenchCli.class.getName(), "jmh", "JournalAppendBenchmark", "-f", "1", "-wi", "0", "-i", "1",
                "--out", dir.resolve("out").toString()));
            final Path stderr = dir.resolve("err.txt");
            final Process process = new ProcessBuilder(command).redirectError(stderr.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "bench jmh did not end");

            final List<String> err = Files.readAllLines(stderr, StandardCharsets.UTF_8);
            assertEquals(2, process.exitValue(), err::toString);
            assertEquals(List.of("stockcore bench: another JMH run holds " + lockFile + " (benchmarks running at " +
                "once measure each other): wait until it ends and run again; to run anyway, add " +
                "-Djmh.ignoreLock=true to STOCKCORE_JAVA_OPTS"), err);
        }
    }
}
