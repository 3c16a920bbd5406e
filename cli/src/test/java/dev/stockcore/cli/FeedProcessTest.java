package dev.stockcore.cli;

import dev.stockcore.engine.script.ScriptRunner;
import dev.stockcore.journal.ChildJvmFlags;
import dev.stockcore.journal.FeedWriterChild;
import dev.stockcore.journal.Journal;
import dev.stockcore.journal.JournaledEngine;
import dev.stockcore.journal.feed.AvailabilityJson;
import dev.stockcore.journal.feed.JournalFeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * {@code stockcore feed} in its own JVM, as the launcher runs it ({@code StockcoreCli feed --journal DIR}),
 * following a journal that a writer in another JVM ({@link FeedWriterChild}) appends to. The test waits on
 * conditions (a line seen, a process ended), each within a deadline, never on time alone.
 */
class FeedProcessTest
{
    private static final long TIMEOUT_MILLIS = 20_000;
    private static final Pattern LINE = Pattern.compile(
        "\\{\"sku\":\"([A-Za-z0-9._-]+)\",\"available\":(-?[0-9]+),\"sequence\":([0-9]+)(,\"source\":\"[A-Za-z0-9._-]+\")?}");

    @TempDir
    Path dir;

    @Test
    void shouldFollowAWriterInAnotherProcessAndEndWithItsState() throws Exception
    {
        final Path journal = dir.resolve("j");
        try (Child writer = Child.start(dir.resolve("writer.err"), FeedWriterChild.class.getName(), journal.toString(), "42"))
        {
            writer.awaitLine(line -> line.startsWith("READY "));
            try (Child feed = Child.start(dir.resolve("feed.err"), StockcoreCli.class.getName(), "feed", "--journal",
                journal.toString()))
            {
                feed.awaitLine(line -> true);
                final long writtenWhenFeedPrinted = lastProgress(writer);
                feed.awaitLine(line -> sequence(line) > writtenWhenFeedPrinted);
                assertTrue(writer.process.isAlive(), "the feed printed changes the writer appended after the feed " +
                    "had started, while the writer ran");

                writer.stop();
                assertEquals(0, writer.awaitExit(), writer::diagnostics);
                final String[] last = writer.awaitLine(line -> line.startsWith("FINAL ")).split(" ");
                final long finalSequence = Long.parseLong(last[1]);
                feed.awaitLine(line -> line.startsWith("{\"sku\":\"" + FeedWriterChild.END_SKU + "\",") &&
                    sequence(line) == finalSequence);
                final long latencyNanos = feed.lastLineNanos - Long.parseLong(last[2]);
                feed.signal("TERM");
                assertEquals(0, feed.awaitExit(), "SIGTERM ends the feed with status 0" + feed.diagnostics());
                assertEquals("", feed.stderr(), feed::diagnostics);
                assertEquals("", feed.partialLine(), "the feed's output ends with a whole line");

                final List<String> lines = feed.lines();
                assertWellFormedAndInOrder(lines);
                assertEndsWithTheWritersState(lines, writer.lines());
                assertEquals(offlineFeed(journal), lines, "the feed that followed the writer printed what a feed of " +
                    "the finished journal prints");
                System.out.printf("feed process: %,d lines while the writer appended %,d movements; the last change " +
                    "was read %.1f ms after its commit%n", lines.size(), finalSequence, latencyNanos / 1e6);
            }
        }
    }

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = { "INT", "TERM" })
    void shouldFlushAndExitZeroOnASignal(final String signal) throws Exception
    {
        // A shell without job control starts background commands (`mvn verify &` in a CI script) with SIGINT
        // ignored; the children inherit that, and a JVM cannot handle a signal ignored at its start.
        assumeFalse(ignoredByThisProcess(signal), "SIG" + signal + " is ignored in this process tree");
        final Path journal = dir.resolve("j");
        try (JournaledEngine writer = JournaledEngine.open(new JournaledEngine.Context().journalDir(journal)))
        {
            final ScriptRunner runner = new ScriptRunner(writer.engine());
            for (final String command : List.of("product A", "product B", "link B A", "adjust A 10", "reserve 1 B 4"))
            {
                assertEquals("OK", runner.execute(command).toString(), command);
            }
        }
        try (Child feed = Child.start(dir.resolve("feed.err"), StockcoreCli.class.getName(), "feed", "--journal",
            journal.toString()))
        {
            feed.awaitLine(line -> line.contains("\"sequence\":5"));
            assertTrue(feed.process.isAlive(), "the feed follows the journal after its end");

            feed.signal(signal);

            assertEquals(0, feed.awaitExit(), feed::diagnostics);
            assertEquals(List.of(
                "{\"sku\":\"A\",\"available\":10,\"sequence\":4}",
                "{\"sku\":\"B\",\"available\":10,\"sequence\":4,\"source\":\"A\"}",
                "{\"sku\":\"A\",\"available\":6,\"sequence\":5}",
                "{\"sku\":\"B\",\"available\":6,\"sequence\":5,\"source\":\"A\"}"), feed.lines());
            assertEquals("", feed.partialLine());
            assertEquals("", feed.stderr());
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

    private static long lastProgress(final Child writer)
    {
        long sequence = 0;
        for (final String line : writer.lines())
        {
            if (line.startsWith("SEQ ") || line.startsWith("READY "))
            {
                sequence = Long.parseLong(line.substring(line.indexOf(' ') + 1));
            }
        }
        return sequence;
    }

    private static long sequence(final String line)
    {
        final Matcher matcher = LINE.matcher(line);
        return matcher.matches() ? Long.parseLong(matcher.group(3)) : -1;
    }

    private static void assertWellFormedAndInOrder(final List<String> lines)
    {
        long previous = 0;
        for (final String line : lines)
        {
            final Matcher matcher = LINE.matcher(line);
            assertTrue(matcher.matches(), line);
            final long sequence = Long.parseLong(matcher.group(3));
            assertTrue(sequence >= previous, "sequence " + sequence + " after " + previous);
            previous = sequence;
        }
    }

    /** The last availability printed for each SKU is the writer's final one; a SKU never printed has 0. */
    private static void assertEndsWithTheWritersState(final List<String> lines, final List<String> writerLines)
    {
        final Map<String, Long> lastPrinted = new HashMap<>();
        for (final String line : lines)
        {
            final Matcher matcher = LINE.matcher(line);
            assertTrue(matcher.matches(), line);
            lastPrinted.put(matcher.group(1), Long.parseLong(matcher.group(2)));
        }
        int products = 0;
        for (final String line : writerLines)
        {
            if (line.startsWith("AVAILABLE "))
            {
                final String[] fields = line.split(" ");
                assertEquals(Long.parseLong(fields[2]), lastPrinted.getOrDefault(fields[1], 0L), "availability of " +
                    fields[1] + " at the end");
                products++;
            }
        }
        assertEquals(101, products, "the writer's products and its end marker");
        assertTrue(lastPrinted.size() > 90, lastPrinted.size() + " SKUs printed");
    }

    /** The lines an in-process feed prints for the whole journal, once the writer has finished. */
    private static List<String> offlineFeed(final Path journal)
    {
        final List<String> lines = new ArrayList<>();
        final StringBuilder line = new StringBuilder();
        try (Journal opened = Journal.openForReading(journal);
            JournalFeed feed = JournalFeed.open(new JournalFeed.Context().journal(opened)
                .availabilityHandler((replica, product, available, sequence) ->
                {
                    line.setLength(0);
                    lines.add(AvailabilityJson.append(replica, product, available, sequence, line).toString());
                })))
        {
            assertTrue(feed.poll(Long.MAX_VALUE) > 0);
            assertEquals(0, feed.poll(Long.MAX_VALUE));
        }
        return lines;
    }

    /** A child JVM with this JVM's class path and flags, its stdout read line by line on a thread. */
    private static final class Child implements AutoCloseable
    {
        private final Process process;
        private final Path stderr;
        private final Thread reader;
        private final List<String> lines = new ArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private boolean endOfOutput;
        private volatile long lastLineNanos;

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

        /** Waits for the first line that matches, among all the child printed so far and after. */
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
                    fail("child " + process.pid() + (endOfOutput ? " ended its output" : " printed nothing more in " +
                        TIMEOUT_MILLIS + " ms") + " before the line awaited" + diagnostics());
                }
                wait(remaining);
            }
        }

        synchronized List<String> lines()
        {
            return new ArrayList<>(lines);
        }

        synchronized String partialLine()
        {
            return partial.toString();
        }

        /** Tells a {@link FeedWriterChild} to finish, through its stdin. */
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

        /** Waits until the child has ended and all it printed has been read. */
        int awaitExit() throws InterruptedException
        {
            if (!process.waitFor(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS))
            {
                fail("child " + process.pid() + " did not end within " + TIMEOUT_MILLIS + " ms" + diagnostics());
            }
            reader.join(TIMEOUT_MILLIS);
            return process.exitValue();
        }

        String stderr() throws IOException
        {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        }

        String diagnostics()
        {
            final List<String> printed = lines();
            String err;
            try
            {
                err = stderr();
            }
            catch (final IOException ex)
            {
                err = "(cannot read " + stderr + ": " + ex + ")";
            }
            return "\nlast stdout lines: " + printed.subList(Math.max(0, printed.size() - 10), printed.size()) +
                "\nstderr:\n" + (err.length() > 4_000 ? "..." + err.substring(err.length() - 4_000) : err);
        }

        @Override
        public void close()
        {
            process.destroyForcibly();
            try
            {
                process.waitFor(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        private void readOutput()
        {
            final byte[] chunk = new byte[1 << 16];
            try (InputStream in = process.getInputStream())
            {
                int read;
                while ((read = in.read(chunk)) > 0)
                {
                    onBytes(chunk, read);
                }
            }
            catch (final IOException ex)
            {
                synchronized (this)
                {
                    lines.add("(stdout read failed: " + ex + ")");
                }
            }
            synchronized (this)
            {
                endOfOutput = true;
                notifyAll();
            }
        }

        private synchronized void onBytes(final byte[] chunk, final int length)
        {
            for (int i = 0; i < length; i++)
            {
                final char c = (char)(chunk[i] & 0xFF);
                if (c == '\n')
                {
                    lines.add(partial.toString());
                    partial.setLength(0);
                    lastLineNanos = System.nanoTime();
                }
                else
                {
                    partial.append(c);
                }
            }
            notifyAll();
        }
    }
}
