package dev.stockcore.cli;

import dev.stockcore.journal.ChildJvmFlags;
import dev.stockcore.runtime.AckLatencyHistogram;
import dev.stockcore.runtime.StatFileReader;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * {@code stockcore stat} reads the counters of a runtime that runs, under load, in another JVM
 * ({@link RuntimeLoadChild}); then of the same runtime closed, and of one killed with SIGKILL. Every wait is on a
 * condition (a line printed, a process ended) within a deadline; every verdict on values.
 */
class StatProcessTest
{
    private static final long TIMEOUT_MILLIS = 30_000;

    @TempDir
    Path dir;

    @Test
    void shouldReadALiveRuntimesGrowingCountersFromAnotherProcessThenItsClosedState() throws Exception
    {
        final Path journal = dir.resolve("j");
        try (Child child = Child.start(dir.resolve("child.err"), RuntimeLoadChild.class.getName(), journal.toString()))
        {
            child.awaitLine(line -> line.equals("READY"));
            final long doneBefore = done(child.awaitLine(line -> line.startsWith("DONE ")));
            final Map<String, Long> first = stat(journal);
            assertEquals("RUNNING", stateOf(journal));
            assertSane(first);
            assertTrue(first.get("commands") >= doneBefore, first::toString);

            child.awaitLine(line -> line.startsWith("DONE ") && done(line) > first.get("commands"));
            final Map<String, Long> second = stat(journal);
            assertEquals("RUNNING", stateOf(journal));
            assertSane(second);
            assertTrue(second.get("commands") > first.get("commands"), first + " then " + second);
            assertTrue(second.get("result_ok") > first.get("result_ok"), first + " then " + second);
            assertTrue(second.get("ack_latency_count") > first.get("ack_latency_count"), first + " then " + second);
            assertTrue(second.get("batches") >= first.get("batches"), first + " then " + second);

            child.stop();
            assertEquals(0, child.awaitExit(), child::diagnostics);
            final long acknowledged = done(child.awaitLine(line -> line.startsWith("CLOSED ")));
            final Map<String, Long> closed = stat(journal);
            assertEquals("CLOSED", stateOf(journal));
            assertConsistent(closed);
            assertEquals(acknowledged, closed.get("commands"), closed::toString);
            assertEquals(acknowledged, closed.get("result_ok"), closed::toString);
            assertEquals(acknowledged, closed.get("ack_latency_count"), closed::toString);
            assertEquals(0, closed.get("errors"));
            assertEquals(0, closed.get("back_pressured"));
        }
    }

    @Test
    void shouldSayNotRunningAndKeepTheFiguresOfARuntimeKilledWithSigkill() throws Exception
    {
        final Path journal = dir.resolve("j");
        try (Child child = Child.start(dir.resolve("child.err"), RuntimeLoadChild.class.getName(), journal.toString()))
        {
            final long done = done(child.awaitLine(line -> line.startsWith("DONE ")));
            child.process.destroyForcibly();
            child.process.waitFor(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            assertEquals(137, child.process.exitValue(), "SIGKILL");

            final Map<String, Long> killed = stat(journal);
            assertEquals("NOT_RUNNING", stateOf(journal));
            assertSane(killed);
            assertTrue(killed.get("commands") >= done, killed::toString);
        }
    }

    @Test
    void shouldPrintTheSameLatencyAsAHistogramRebuiltFromTheFile() throws Exception
    {
        final Path journal = dir.resolve("j");
        try (Child child = Child.start(dir.resolve("child.err"), RuntimeLoadChild.class.getName(), journal.toString()))
        {
            child.awaitLine(line -> line.startsWith("DONE "));
            child.stop();
            assertEquals(0, child.awaitExit(), child::diagnostics);
        }
        final Map<String, Long> printed = stat(journal);
        try (StatFileReader reader = StatFileReader.open(journal).orElseThrow())
        {
            final AckLatencyHistogram file = reader.ackLatency();
            final Histogram rebuilt = StatCommand.rebuild(file);
            assertEquals(file.totalCount(), rebuilt.getTotalCount());
            for (final double percentile : new double[]{ 50.0, 99.0, 99.9 })
            {
                assertEquals(rebuilt.getValueAtPercentile(percentile), file.valueAtPercentile(percentile),
                    "p" + percentile + ": HdrHistogram and the artifact's own reading agree");
            }
            assertEquals((Math.min(rebuilt.getValueAtPercentile(99.0), file.maxNanos()) + 999) / 1_000,
                printed.get("ack_latency_p99_us"));
            assertEquals((file.maxNanos() + 999) / 1_000, printed.get("ack_latency_max_us"));
        }
    }

    @Test
    void shouldRecordIntoTheSameBucketsAsHdrHistogram()
    {
        final Histogram reference = new Histogram(
            1, AckLatencyHistogram.HIGHEST_TRACKABLE_NS, AckLatencyHistogram.SIGNIFICANT_DIGITS);
        final long[] values = { 0, 1, 127, 128, 255, 256, 1_000, 12_345, 999_999, 5_000_000_000L,
            AckLatencyHistogram.HIGHEST_TRACKABLE_NS };
        for (final long value : values)
        {
            reference.recordValue(value);
            final long lowest = reference.lowestEquivalentValue(value);
            assertEquals(lowest, AckLatencyHistogram.lowestValueAt(AckLatencyHistogram.index(value)), "value " + value);
        }
    }

    @Test
    void shouldSayNotRunningWithoutAStatFileAndFailOnAMissingDirectory() throws IOException
    {
        final Path empty = Files.createDirectories(dir.resolve("empty"));

        final CliRun none = CliRun.run("stat", "--journal", empty.toString());
        final CliRun missing = CliRun.run("stat", "--journal", dir.resolve("missing").toString());

        assertEquals(0, none.status(), none::toString);
        assertEquals("state NOT_RUNNING\n", none.out());
        assertEquals(2, missing.status(), missing::toString);
        assertEquals(1, missing.errLines().size(), missing::toString);
        assertTrue(missing.err().startsWith("stockcore stat: no directory "), missing::toString);
        assertEquals(2, CliRun.run("stat", "--journal", empty.toString(), "--watch", "0").status());
    }

    @Test
    void shouldRepeatWithWatchUntilSigterm() throws Exception
    {
        assumeFalse(ignoredByThisProcess(15), "SIGTERM is ignored in this process tree");
        final Path journal = dir.resolve("j");
        try (Child runtime = Child.start(dir.resolve("child.err"), RuntimeLoadChild.class.getName(), journal.toString());
            Child watch = Child.start(dir.resolve("watch.err"), StockcoreCli.class.getName(), "stat", "--journal",
                journal.toString(), "--watch", "1"))
        {
            runtime.awaitLine(line -> line.equals("READY"));
            watch.awaitLine(line -> line.equals("state RUNNING"));
            final int firstBlockEnd = watch.lines().indexOf("state RUNNING");
            watch.awaitLine(line -> line.isEmpty());
            watch.awaitLine(line -> line.equals("state RUNNING") && watch.lines().lastIndexOf(line) > firstBlockEnd);

            watch.signal("TERM");

            assertEquals(0, watch.awaitExit(), watch::diagnostics);
            final List<String> lines = watch.lines();
            assertTrue(lines.get(0).startsWith("commands ") || lines.get(0).equals("state NOT_RUNNING"),
                lines::toString);
        }
    }

    /**
     * What holds in one read of a live runtime: stat reads the counters one after another while they move, so
     * only values read together (the percentiles, from one rebuilt histogram) are compared with each other.
     */
    private static void assertSane(final Map<String, Long> stat)
    {
        assertTrue(stat.get("commands") > 0, stat::toString);
        assertTrue(stat.get("batches") >= 1 && stat.get("batch_max") >= 1, stat::toString);
        final long p50 = stat.get("ack_latency_p50_us");
        final long p99 = stat.get("ack_latency_p99_us");
        final long p999 = stat.get("ack_latency_p999_us");
        final long max = stat.get("ack_latency_max_us");
        assertTrue(0 < p50 && p50 <= p99 && p99 <= p999 && p999 <= max, stat::toString);
    }

    /** What holds once the runtime stopped: the figures no longer move, so they must agree with each other. */
    private static void assertConsistent(final Map<String, Long> stat)
    {
        assertSane(stat);
        final long commands = stat.get("commands");
        assertEquals(commands, stat.get("ack_latency_count"), "every command applied was acknowledged " + stat);
        long results = 0;
        for (final Map.Entry<String, Long> entry : stat.entrySet())
        {
            if (entry.getKey().startsWith("result_"))
            {
                results += entry.getValue();
            }
        }
        assertEquals(commands, results, "one result per command " + stat);
        assertTrue(stat.get("batch_max") <= commands, stat::toString);
        assertTrue(stat.get("journal_commit_ns_max") <= stat.get("journal_commit_ns_total"), stat::toString);
    }

    private static Map<String, Long> stat(final Path journal)
    {
        final CliRun run = CliRun.run("stat", "--journal", journal.toString());
        assertEquals(0, run.status(), run::toString);
        assertEquals("", run.err());
        final Map<String, Long> values = new LinkedHashMap<>();
        final List<String> lines = run.outLines();
        for (final String line : lines.subList(0, lines.size() - 1))
        {
            final String[] nameValue = line.split(" ");
            assertEquals(2, nameValue.length, line);
            assertTrue(nameValue[0].matches("[a-z][a-z0-9_]*"), line);
            values.put(nameValue[0], Long.parseLong(nameValue[1]));
        }
        assertTrue(lines.get(lines.size() - 1).startsWith("state "), run::toString);
        values.put("state:" + lines.get(lines.size() - 1).substring("state ".length()), 0L);
        return values;
    }

    private static String stateOf(final Path journal)
    {
        final List<String> lines = CliRun.run("stat", "--journal", journal.toString()).outLines();
        return lines.get(lines.size() - 1).substring("state ".length());
    }

    private static long done(final String line)
    {
        return Long.parseLong(line.substring(line.indexOf(' ') + 1));
    }

    private static boolean ignoredByThisProcess(final int number) throws IOException
    {
        for (final String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8))
        {
            if (line.startsWith("SigIgn:"))
            {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & 1L << number - 1) != 0;
            }
        }
        return false;
    }

    /** A child JVM whose stdout lines are collected as they come. */
    private static final class Child implements AutoCloseable
    {
        private final Process process;
        private final Path stderr;
        private final Thread reader;
        private final List<String> lines = new ArrayList<>();
        private boolean endOfOutput;

        private Child(final Process process, final Path stderr)
        {
            this.process = process;
            this.stderr = stderr;
            this.reader = new Thread(this::readOutput, "child-" + process.pid() + "-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(final Path stderr, final String mainClass, final String... args) throws IOException
        {
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(ChildJvmFlags.inherited());
            command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                "-cp", System.getProperty("java.class.path"), mainClass));
            command.addAll(List.of(args));
            return new Child(new ProcessBuilder(command).redirectError(stderr.toFile()).start(), stderr);
        }

        synchronized String awaitLine(final Predicate<String> wanted) throws InterruptedException
        {
            final long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
            int checked = 0;
            while (true)
            {
                for (; checked < lines.size(); checked++)
                {
                    if (wanted.test(lines.get(checked)))
                    {
                        return lines.get(checked);
                    }
                }
                final long remaining = deadline - System.currentTimeMillis();
                if (endOfOutput || remaining <= 0)
                {
                    fail("child " + process.pid() + " printed no awaited line" + diagnostics());
                }
                wait(remaining);
            }
        }

        synchronized List<String> lines()
        {
            return new ArrayList<>(lines);
        }

        void stop() throws IOException
        {
            final OutputStream in = process.getOutputStream();
            in.write('\n');
            in.flush();
        }

        void signal(final String name) throws IOException, InterruptedException
        {
            final Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            assertTrue(kill.waitFor(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) && kill.exitValue() == 0,
                "kill -s " + name + " " + process.pid());
        }

        int awaitExit() throws InterruptedException
        {
            if (!process.waitFor(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS))
            {
                fail("child " + process.pid() + " did not end within " + TIMEOUT_MILLIS + " ms" + diagnostics());
            }
            reader.join(TIMEOUT_MILLIS);
            return process.exitValue();
        }

        String diagnostics()
        {
            final List<String> printed = lines();
            String err;
            try
            {
                err = Files.readString(stderr, StandardCharsets.UTF_8);
            }
            catch (final IOException ex)
            {
                err = "(cannot read " + stderr + ": " + ex + ")";
            }
            return "\nlast stdout lines: " + printed.subList(Math.max(0, printed.size() - 10), printed.size()) +
                "\nstderr:\n" + (err.length() > 4_000 ? "..." + err.substring(err.length() - 4_000) : err);
        }

        @Override
        public void close() throws InterruptedException
        {
            process.destroyForcibly();
            process.waitFor(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }

        private void readOutput()
        {
            try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = in.readLine()) != null)
                {
                    synchronized (this)
                    {
                        lines.add(line);
                        notifyAll();
                    }
                }
            }
            catch (final IOException ex)
            {
                // The process ended; what was read stays.
            }
            finally
            {
                synchronized (this)
                {
                    endOfOutput = true;
                    notifyAll();
                }
            }
        }
    }
}
