package dev.stockcore.demo;

import org.agrona.collections.LongHashSet;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The parent's handle on a {@link DemoLoadProcess} child JVM: starts it with this JVM's java binary, class
 * path and module/system-property flags, reads its stdout on a thread (only whole lines count), keeps the
 * acknowledged reservation and commit ids, and kills it with SIGKILL.
 */
public final class DemoChild implements AutoCloseable
{
    /** Exit status of a process killed by SIGKILL, as {@link Process#exitValue()} reports it on Linux. */
    public static final int KILLED = 128 + 9;

    private final Process process;
    private final Path log;
    private final Thread reader;
    private final LongHashSet reserved = new LongHashSet();
    private final LongHashSet committed = new LongHashSet();
    private long pid = -1;
    private long answered;
    private long p99Nanos;
    private long refused;
    private long progressLines;
    private boolean endOfOutput;

    private DemoChild(final Process process, final Path log)
    {
        this.process = process;
        this.log = log;
        this.reader = new Thread(this::readOutput, "demo-child-" + process.pid() + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the child.
     *
     * @param journalDir      the journal the demo set up.
     * @param ordersPerSecond the load's rate.
     * @param maxSeconds      the child stops by itself after this long, should nobody kill it.
     * @param log             file receiving the child's stderr.
     * @return the running child.
     * @throws UncheckedIOException if the JVM cannot be started.
     */
    public static DemoChild start(final Path journalDir, final long ordersPerSecond, final long maxSeconds,
        final Path log)
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmFlags());
        command.add("-Xmx256m");
        command.add("-XX:-UsePerfData");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(DemoLoadProcess.class.getName());
        command.add(journalDir.toString());
        command.add(Long.toString(ordersPerSecond));
        command.add(Long.toString(maxSeconds));
        try
        {
            // stdin stays an open pipe: the child ends itself when it closes, i.e. when this JVM goes away.
            final Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
            return new DemoChild(process, log);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start the demo's engine JVM (" + command.get(0) + "): " +
                ex.getMessage(), ex);
        }
    }

    /**
     * The flags the child needs from this JVM: module exports/opens (Agrona, Chronicle) and system properties,
     * whether they came from the launcher's jvm-options or from surefire's argLine.
     */
    private static List<String> jvmFlags()
    {
        final List<String> flags = new ArrayList<>();
        final List<String> input = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (int i = 0; i < input.size(); i++)
        {
            final String flag = input.get(i);
            if ((flag.equals("--add-exports") || flag.equals("--add-opens")) && i + 1 < input.size())
            {
                flags.add(flag);
                flags.add(input.get(++i));
            }
            else if (flag.startsWith("--add-exports") || flag.startsWith("--add-opens") || flag.startsWith("-D") ||
                flag.startsWith("--enable-native-access") || flag.startsWith("--sun-misc"))
            {
                flags.add(flag);
            }
        }
        return flags;
    }

    /**
     * Waits for the READY line.
     *
     * @param timeoutMillis how long to wait.
     * @return the child's pid, or -1 if its output ended or the time passed first.
     * @throws InterruptedException if interrupted.
     */
    public synchronized long awaitReady(final long timeoutMillis) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + timeoutMillis;
        long remaining;
        while (pid < 0 && !endOfOutput && (remaining = deadline - System.currentTimeMillis()) > 0)
        {
            wait(remaining);
        }
        return pid;
    }

    /**
     * Waits for the next progress line, the end of the output, or the deadline, whichever comes first.
     *
     * @param deadlineMillis wall-clock time to stop waiting at.
     * @return false once the child's output has ended.
     * @throws InterruptedException if interrupted.
     */
    public synchronized boolean awaitProgress(final long deadlineMillis) throws InterruptedException
    {
        final long seen = progressLines;
        long remaining;
        while (progressLines == seen && !endOfOutput && (remaining = deadlineMillis - System.currentTimeMillis()) > 0)
        {
            wait(remaining);
        }
        return !endOfOutput;
    }

    /** @return orders answered, as of the last progress line. */
    public synchronized long answered()
    {
        return answered;
    }

    /** @return p99 latency over the last progress interval, ns. */
    public synchronized long p99Nanos()
    {
        return p99Nanos;
    }

    /** @return orders refused for lack of stock, as of the last progress line. */
    public synchronized long refused()
    {
        return refused;
    }

    /** @return how many reservations were acknowledged so far. */
    public synchronized int reservationCount()
    {
        return reserved.size();
    }

    /** @return the reservation ids acknowledged so far (a copy). */
    public synchronized LongHashSet reserved()
    {
        final LongHashSet copy = new LongHashSet(Math.max(8, reserved.size() * 2));
        copy.addAll(reserved);
        return copy;
    }

    /** @return the reservation ids whose commit was acknowledged so far (a copy). */
    public synchronized LongHashSet committed()
    {
        final LongHashSet copy = new LongHashSet(Math.max(8, committed.size() * 2));
        copy.addAll(committed);
        return copy;
    }

    /** @return whether the child still runs. */
    public boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * Kills the child with SIGKILL ({@link Process#destroyForcibly()} on Linux), then waits until it is gone
     * and everything it wrote to stdout has been read.
     *
     * @return its exit status: {@link #KILLED} unless it had ended by itself.
     * @throws InterruptedException if interrupted.
     */
    public int kill() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor();
        reader.join();
        return process.exitValue();
    }

    /**
     * @param maxChars at most this many characters, from the end.
     * @return the end of the child's stderr, for a failure message.
     */
    public String logTail(final int maxChars)
    {
        try
        {
            final String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            return text.length() > maxChars ? "..." + text.substring(text.length() - maxChars) : text;
        }
        catch (final IOException ex)
        {
            return "(cannot read " + log + ": " + ex.getMessage() + ")";
        }
    }

    /** Kills the child if it still runs, so that no demo leaves one behind. */
    @Override
    public void close()
    {
        process.destroyForcibly();
        try
        {
            process.waitFor(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void readOutput()
    {
        final StringBuilder line = new StringBuilder();
        final byte[] chunk = new byte[1 << 16];
        try (InputStream in = process.getInputStream())
        {
            int read;
            while ((read = in.read(chunk)) > 0)
            {
                synchronized (this)
                {
                    for (int i = 0; i < read; i++)
                    {
                        if (chunk[i] == '\n')
                        {
                            onLine(line);
                            line.setLength(0);
                        }
                        else
                        {
                            line.append((char)chunk[i]);
                        }
                    }
                    notifyAll();
                }
            }
        }
        catch (final IOException ignored)
        {
            // The pipe breaks when the child is killed: what was read before counts, a partial line does not.
        }
        synchronized (this)
        {
            endOfOutput = true;
            notifyAll();
        }
    }

    private void onLine(final StringBuilder line)
    {
        if (line.length() < 3)
        {
            return;
        }
        final char kind = line.charAt(0);
        if (line.charAt(1) != ' ')
        {
            if (line.toString().startsWith(DemoLoadProcess.READY + " "))
            {
                pid = Long.parseLong(line, DemoLoadProcess.READY.length() + 1, line.length(), 10);
            }
        }
        else if (kind == DemoLoadProcess.RESERVED)
        {
            reserved.add(Long.parseLong(line, 2, line.length(), 10));
        }
        else if (kind == DemoLoadProcess.COMMITTED)
        {
            committed.add(Long.parseLong(line, 2, line.length(), 10));
        }
        else if (kind == DemoLoadProcess.PROGRESS)
        {
            final String[] fields = line.toString().split(" ");
            answered = Long.parseLong(fields[1]);
            p99Nanos = Long.parseLong(fields[2]);
            refused = Long.parseLong(fields[4]);
            progressLines++;
        }
    }
}
