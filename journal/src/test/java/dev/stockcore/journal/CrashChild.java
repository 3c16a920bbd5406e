package dev.stockcore.journal;

import dev.stockcore.engine.StockEngine;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A journal writer run in a child JVM by the crash, corruption and single-writer tests, and the parent's
 * handle on it ({@link Running}). The child speaks one line per event on stdout:
 * <pre>
 * write DIR ASYNC|SYNC SEED FIRST_ID   opens a JournaledEngine on DIR and prints
 *                                      "RECOVERED &lt;sequence&gt; &lt;stateHash&gt;" of the engine as opened
 *                                      (recovered, and any expiry a crash cut short completed); then runs a seeded random load
 *                                      forever, committing every 1..64 commands and, once commit() has
 *                                      returned, printing "ACK &lt;id&gt;" for each reservation accepted since
 *                                      the previous commit. Reservation ids start at FIRST_ID.
 * recover DIR                          opens DIR for reading, recovers, prints
 *                                      "RECOVERED &lt;sequence&gt; &lt;stateHash&gt;" and exits 0.
 * torn DIR SEED                        writes and commits a random load, prints
 *                                      "COMMITTED &lt;sequence&gt; &lt;stateHash&gt;", then begins one more excerpt
 *                                      through Chronicle, writes part of it, prints "TORN" and waits,
 *                                      inside the excerpt, to be killed.
 * </pre>
 * A {@link JournalException} when opening is printed as "REFUSED &lt;message&gt;" with exit status 2; anything
 * else goes to stderr with a non-zero status.
 */
final class CrashChild
{
    /** Products of the random load. */
    static final int PRODUCTS = 100;
    /** Closed reservations are remembered far longer than any test runs, so an acknowledged id is never forgotten. */
    static final long RETENTION_MILLIS = 1_000_000_000_000_000L;
    /** Snapshot interval of the child's writer, small enough that kills land during and between snapshots. */
    static final long SNAPSHOT_EVERY_MOVEMENTS = 5_000;
    /** Exit status of a process killed by SIGKILL, as {@link Process#exitValue()} reports it on Linux. */
    static final int KILLED = 128 + 9;
    /** Exit status of a child whose open was refused with a {@link JournalException}. */
    static final int REFUSED = 2;

    private static final int MAX_COMMANDS_PER_COMMIT = 64;

    private CrashChild()
    {
    }

    /**
     * @param args see the class comment.
     */
    public static void main(final String[] args) throws Exception
    {
        final PrintStream out = new PrintStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false, StandardCharsets.US_ASCII);
        final Path dir = Path.of(args[1]);
        try
        {
            switch (args[0])
            {
                case "write" -> write(out, dir, Durability.valueOf(args[2]), Long.parseLong(args[3]), Long.parseLong(args[4]));
                case "recover" -> recover(out, dir);
                case "torn" -> torn(out, dir, Long.parseLong(args[2]));
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        }
        catch (final JournalException ex)
        {
            out.println("REFUSED " + ex.getMessage());
            out.flush();
            System.exit(REFUSED);
        }
        out.flush();
        System.exit(0);
    }

    private static JournaledEngine.Context context(final Path dir, final Durability durability, final long snapshotEvery)
    {
        return new JournaledEngine.Context()
            .journalDir(dir)
            .durability(durability)
            .snapshotEveryMovements(snapshotEvery)
            .retentionMillis(RETENTION_MILLIS);
    }

    private static void write(
        final PrintStream out, final Path dir, final Durability durability, final long seed, final long firstId)
    {
        final JournaledEngine journaled = JournaledEngine.open(context(dir, durability, SNAPSHOT_EVERY_MOVEMENTS));
        final StockEngine engine = journaled.engine();
        out.println("RECOVERED " + engine.sequence() + " " + engine.stateHash());
        out.flush();
        final RandomCommands commands = new RandomCommands(seed, PRODUCTS, firstId);
        final SplittableRandom groups = new SplittableRandom(~seed);
        final long[] accepted = new long[MAX_COMMANDS_PER_COMMIT];
        commands.setUp(engine);
        journaled.commit();
        while (true)
        {
            int count = 0;
            for (int i = 1 + groups.nextInt(MAX_COMMANDS_PER_COMMIT); i > 0; i--)
            {
                final long id = commands.step(engine);
                if (id > 0)
                {
                    accepted[count++] = id;
                }
            }
            journaled.commit();
            for (int i = 0; i < count; i++)
            {
                out.print("ACK ");
                out.print(accepted[i]);
                out.print('\n');
            }
            out.flush();
        }
    }

    private static void recover(final PrintStream out, final Path dir)
    {
        try (Journal journal = Journal.openForReading(dir))
        {
            final Recovery.Outcome result = Recovery.recover(journal,
                () -> new StockEngine(null, 16, 16, RETENTION_MILLIS), Recovery.Progress.NONE);
            out.println("RECOVERED " + result.engine().sequence() + " " + result.engine().stateHash());
        }
    }

    private static void torn(final PrintStream out, final Path dir, final long seed) throws InterruptedException
    {
        final JournaledEngine journaled = JournaledEngine.open(context(dir, Durability.ASYNC, 0));
        final StockEngine engine = journaled.engine();
        final RandomCommands commands = new RandomCommands(seed, PRODUCTS, 1);
        commands.setUp(engine);
        for (int i = 0; i < 5_000; i++)
        {
            commands.step(engine);
        }
        journaled.commit();
        out.println("COMMITTED " + engine.sequence() + " " + engine.stateHash());
        out.flush();
        // Closed without the shutdown snapshot, so the torn excerpt below is what recovery meets first.
        journaled.journal().close();

        // The same queue settings as Journal's. The excerpt begins like one of Journal's (format version,
        // batch length) and stops half way through the batch, as if the process died inside onBatch.
        final SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir.resolve(JournalDescriptor.QUEUE_DIR))
            .rollCycle(RollCycles.FAST_HOURLY)
            .build();
        final ExcerptAppender appender = queue.createAppender();
        final DocumentContext context = appender.writingDocument();
        context.wire().bytes().writeInt(JournalDescriptor.FORMAT_VERSION).writeInt(160).writeInt(160).writeInt(2)
            .writeLong(engine.sequence() + 1);
        out.println("TORN");
        out.flush();
        new CountDownLatch(1).await();
    }

    /**
     * A child JVM running {@link CrashChild}, seen from the test: its stdout is read on a thread, and the test
     * waits on conditions (a line seen, enough acknowledgements, the end of output), never on time alone.
     */
    static final class Running implements AutoCloseable
    {
        private static final long TIMEOUT_MILLIS = 60_000;

        private final Process process;
        private final Path stderr;
        private final Thread reader;
        private final List<Long> acks = new ArrayList<>();
        private final List<String> lines = new ArrayList<>();
        private boolean endOfOutput;

        private Running(final Process process, final Path stderr)
        {
            this.process = process;
            this.stderr = stderr;
            this.reader = new Thread(this::readOutput, "child-" + process.pid() + "-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        /**
         * Starts a child JVM with this JVM's java, classpath and module/system-property flags.
         *
         * @param stderr    file receiving the child's stderr (kept for failure messages).
         * @param prefix    command run in front of java (for instance setpriv), may be empty.
         * @param childArgs arguments of {@link CrashChild#main(String[])}.
         * @return the running child.
         */
        static Running start(final Path stderr, final List<String> prefix, final String... childArgs)
        {
            final List<String> command = new ArrayList<>(prefix);
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(ChildJvmFlags.inherited());
            command.add("-Xmx256m");
            command.add("-XX:+UseSerialGC");
            command.add("-XX:TieredStopAtLevel=1");
            command.add("-XX:-UsePerfData");
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(CrashChild.class.getName());
            command.addAll(List.of(childArgs));
            try
            {
                final Process process = new ProcessBuilder(command)
                    .redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
                return new Running(process, stderr);
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException("cannot start " + command + ": " + ex, ex);
            }
        }

        /** @return the child's pid. */
        long pid()
        {
            return process.pid();
        }

        /**
         * Waits for the first line starting with one of the prefixes.
         *
         * @param prefixes line starts to wait for.
         * @return the line.
         * @throws AssertionError if the child's output ends first or nothing comes within a minute.
         */
        synchronized String awaitLine(final String... prefixes) throws InterruptedException
        {
            final long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
            while (true)
            {
                for (final String line : lines)
                {
                    for (final String prefix : prefixes)
                    {
                        if (line.startsWith(prefix))
                        {
                            return line;
                        }
                    }
                }
                awaitChange(deadline, "a line starting with " + List.of(prefixes));
            }
        }

        /**
         * Waits until the child has acknowledged at least this many reservations.
         *
         * @param count acknowledgements to wait for; 0 returns at once.
         * @throws AssertionError if the child's output ends first or they do not come within a minute.
         */
        synchronized void awaitAcks(final int count) throws InterruptedException
        {
            final long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
            while (acks.size() < count)
            {
                awaitChange(deadline, count + " acknowledged reservations (has " + acks.size() + ")");
            }
        }

        /** @return the reservation ids acknowledged so far, in order. */
        synchronized List<Long> acks()
        {
            return new ArrayList<>(acks);
        }

        /**
         * Kills the child with SIGKILL and waits until it is gone and all it wrote to stdout has been read.
         *
         * @return its exit status ({@link #KILLED} unless it had already ended by itself).
         */
        int kill() throws InterruptedException
        {
            process.destroyForcibly();
            return awaitExit();
        }

        /**
         * Waits until the child ends by itself and all it wrote has been read.
         *
         * @return its exit status.
         * @throws AssertionError if it does not end within a minute.
         */
        int awaitExit() throws InterruptedException
        {
            if (!process.waitFor(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                fail("child " + process.pid() + " did not end within " + TIMEOUT_MILLIS + " ms" + diagnostics());
            }
            reader.join(TIMEOUT_MILLIS);
            return process.exitValue();
        }

        /** @return what the child printed that was not an acknowledgement, and the end of its stderr. */
        synchronized String diagnostics()
        {
            String err;
            try
            {
                err = Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
            }
            catch (final IOException ex)
            {
                err = "(cannot read " + stderr + ": " + ex + ")";
            }
            if (err.length() > 4_000)
            {
                err = "..." + err.substring(err.length() - 4_000);
            }
            return "\nchild stdout lines: " + lines + "\nchild stderr:\n" + err;
        }

        /** Kills the child if it still runs, so that no test leaves one behind. */
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

        private void awaitChange(final long deadline, final String what) throws InterruptedException
        {
            if (endOfOutput)
            {
                fail("child " + process.pid() + " ended its output before " + what + diagnostics());
            }
            final long remaining = deadline - System.currentTimeMillis();
            if (remaining <= 0)
            {
                fail("child " + process.pid() + " gave no " + what + " within " + TIMEOUT_MILLIS + " ms" + diagnostics());
            }
            wait(remaining);
        }

        /** Only whole lines count: a line cut by the kill is not an acknowledgement. */
        private void readOutput()
        {
            final StringBuilder line = new StringBuilder();
            final byte[] chunk = new byte[1 << 16];
            try (InputStream in = process.getInputStream())
            {
                int read;
                while ((read = in.read(chunk)) > 0)
                {
                    for (int i = 0; i < read; i++)
                    {
                        final char c = (char)(chunk[i] & 0xFF);
                        if (c == '\n')
                        {
                            onLine(line.toString());
                            line.setLength(0);
                        }
                        else
                        {
                            line.append(c);
                        }
                    }
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

        private synchronized void onLine(final String line)
        {
            if (line.startsWith("ACK "))
            {
                acks.add(Long.parseLong(line.substring(4)));
            }
            else
            {
                lines.add(line);
            }
            notifyAll();
        }
    }
}
