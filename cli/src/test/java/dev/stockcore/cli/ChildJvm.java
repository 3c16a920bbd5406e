package dev.stockcore.cli;

import dev.stockcore.journal.ChildJvmFlags;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A child JVM with this JVM's class path and flags, its stdout read line by line and its stderr as text, each
 * on a thread. Waits are on conditions (a line printed, a file's content, an exit), each bounded by a generous
 * deadline that fails the test only if something hangs.
 */
final class ChildJvm implements AutoCloseable
{
    static final long TIMEOUT_MILLIS = 60_000;

    private final Process process;
    private final Thread reader;
    private final Thread errorReader;
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final StringBuilder errors = new StringBuilder();
    private boolean endOfOutput;
    private boolean endOfErrors;

    private ChildJvm(final Process process)
    {
        this.process = process;
        this.reader = new Thread(this::readOutput, "child-" + process.pid() + "-stdout");
        this.errorReader = new Thread(this::readErrors, "child-" + process.pid() + "-stderr");
        reader.setDaemon(true);
        errorReader.setDaemon(true);
        reader.start();
        errorReader.start();
    }

    /**
     * @param jvmFlags  flags beyond the inherited ones (system properties...).
     * @param mainClass its main class.
     * @param args      its arguments.
     * @return the running child.
     * @throws IOException if it cannot start.
     */
    static ChildJvm start(final List<String> jvmFlags, final String mainClass,
        final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ChildJvmFlags.inherited());
        command.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        return new ChildJvm(process);
    }

    long pid()
    {
        return process.pid();
    }

    boolean isAlive()
    {
        return process.isAlive();
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

    /** Waits until its stderr holds {@code text}. */
    synchronized void awaitStderr(final String text) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (errors.indexOf(text) < 0)
        {
            final long remaining = deadline - System.currentTimeMillis();
            if (endOfErrors || remaining <= 0)
            {
                fail("child " + process.pid() + " did not print '" + text + "' on stderr" + diagnostics());
            }
            wait(remaining);
        }
    }

    synchronized List<String> lines()
    {
        return new ArrayList<>(lines);
    }

    synchronized long count(final Predicate<String> matching)
    {
        return lines.stream().filter(matching).count();
    }

    /** Sends a signal by name (INT, TERM, KILL) with {@code kill}. */
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
        errorReader.join(TIMEOUT_MILLIS);
        return process.exitValue();
    }

    synchronized String stderr()
    {
        return errors.toString();
    }

    String diagnostics()
    {
        final List<String> printed = lines();
        final String err = stderr();
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

    private void readErrors()
    {
        final byte[] chunk = new byte[1 << 12];
        try (InputStream in = process.getErrorStream())
        {
            int read;
            while ((read = in.read(chunk)) > 0)
            {
                synchronized (this)
                {
                    errors.append(new String(chunk, 0, read, StandardCharsets.UTF_8));
                    notifyAll();
                }
            }
        }
        catch (final IOException ex)
        {
            synchronized (this)
            {
                errors.append("(stderr read failed: ").append(ex).append(')');
            }
        }
        synchronized (this)
        {
            endOfErrors = true;
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
            }
            else
            {
                partial.append(c);
            }
        }
        notifyAll();
    }
}
