package dev.stockcore.cli;

import dev.stockcore.engine.script.ScriptRunner;
import dev.stockcore.journal.JournaledEngine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Path;

/**
 * {@code script --journal}'s run: each command is committed before its line is printed (a printed line is an
 * acknowledgement), and the journal is closed cleanly (commit, snapshot, lock released) however the run ends: at
 * the end of the input, or on SIGINT or SIGTERM, even while the thread waits for input that may never come.
 * <p>
 * The reading thread holds this object's monitor while it runs the lines of what it read, and not while it waits
 * for input; a signal, handled on the JVM's signal thread, takes the monitor, so it closes the journal between
 * two commands, never inside one. Whichever thread closes first does it once; the signal's exit status is the
 * shell's {@code 128 + signal} (130, 143), since the script did not run to its end.
 */
final class JournaledScript
{
    private static final int CHUNK = 8192;

    private final String command;
    private final ScriptRunner runner;
    private final JournaledEngine journaled;
    private final PrintWriter out;
    private final PrintWriter err;
    /** Guarded by this. */
    private boolean closed;

    /**
     * @param command   the command's name for messages, e.g. {@code stockcore script}.
     * @param journaled the recovered engine; closed by {@link #run(Reader)}.
     * @param out       the output lines.
     * @param err       messages.
     */
    JournaledScript(final String command, final JournaledEngine journaled, final PrintWriter out,
        final PrintWriter err)
    {
        this.command = command;
        this.runner = new ScriptRunner(journaled.engine());
        this.journaled = journaled;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the script to its end or to a signal, and closes the journal.
     *
     * @param in the script.
     * @return the exit status.
     * @throws IOException if reading fails.
     */
    int run(final Reader in) throws IOException
    {
        try (ShutdownSignals signals = ShutdownSignals.install(this::onSignal))
        {
            final boolean stopped;
            boolean closedHere = false;
            try
            {
                stopped = read(in, signals);
            }
            catch (final RuntimeException | Error ex)
            {
                // Any Error counts: a fault writing the mapped journal file surfaces as an InternalError, possibly
                // a few statements after the write, wherever the thread next polls.
                if (!(ex instanceof Error) && !journaled.engine().isFailed() && !journaled.isFailed())
                {
                    throw ex;
                }
                journaled.markFailed(ex);
                out.flush();
                final Path dir = journaled.journal().dir();
                err.println(command + ": stopped: the journal " + dir + " failed (" + ex + "); every line printed " +
                    "before was acknowledged, the command being run and those after it were not; fix the cause (disk " +
                    "space, permissions), then run ./stockcore recover --journal " + dir + " (and ./stockcore repair " +
                    "--journal " + dir + " if it says so) to see what the journal holds before running again");
                return ExitStatus.ERROR;
            }
            finally
            {
                // Never snapshots a failed engine, which may be ahead of its journal.
                closedHere = closeOnce();
            }
            if (stopped)
            {
                // Closed by the signal thread, it reports and exits; closed here, this thread reports.
                if (closedHere)
                {
                    err.println(stoppedMessage(signals.name()));
                }
                return 128 + signals.number();
            }
            return ExitStatus.OK;
        }
    }

    /**
     * Splits lines exactly as {@link ScriptRunner#run} does (on {@code \n} only, a trailing {@code \r} left
     * for the runner to ignore, a line longer than {@link ScriptRunner#MAX_LINE_LENGTH} skipped as it streams
     * past and answered {@code INVALID_COMMAND}), commits each command before writing its line, and flushes
     * whenever the input has nothing more ready, so an interactive session sees each acknowledgement at once.
     *
     * @return true if a signal stopped it before the end of the input.
     */
    private boolean read(final Reader in, final ShutdownSignals signals) throws IOException
    {
        final StringBuilder line = new StringBuilder(256);
        final char[] chunk = new char[CHUNK];
        boolean overlong = false;
        int read;
        while ((read = in.read(chunk)) > 0)
        {
            synchronized (this)
            {
                for (int i = 0; i < read; i++)
                {
                    final char c = chunk[i];
                    if (c == '\n')
                    {
                        if (closed || signals.received())
                        {
                            return true;
                        }
                        if (overlong)
                        {
                            out.append(runner.overlong()).append('\n');
                        }
                        else
                        {
                            acknowledge(line);
                        }
                        line.setLength(0);
                        overlong = false;
                    }
                    else if (line.length() < ScriptRunner.MAX_LINE_LENGTH)
                    {
                        line.append(c);
                    }
                    else
                    {
                        overlong = true;
                    }
                }
            }
            if (!in.ready())
            {
                out.flush();
            }
        }
        synchronized (this)
        {
            if (closed || signals.received())
            {
                return true;
            }
            if (overlong)
            {
                out.append(runner.overlong()).append('\n');
            }
            else if (line.length() > 0)
            {
                acknowledge(line);
            }
        }
        return false;
    }

    private void acknowledge(final CharSequence line)
    {
        final CharSequence result = runner.execute(line);
        if (result != null)
        {
            journaled.commit();
            out.append(result).append('\n');
        }
    }

    /**
     * On the JVM's signal thread: waits for the command being run to finish, closes the journal cleanly unless
     * the reading thread already did, says so, and ends the JVM with {@code 128 + number}.
     */
    private void onSignal(final int number, final String name)
    {
        final int status;
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            status = stop(number, name);
        }
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** Closes on a signal, under the monitor; returns the exit status. */
    private int stop(final int number, final String name)
    {
        try
        {
            closeOnce();
        }
        catch (final RuntimeException ex)
        {
            err.println(command + ": stopped by SIG" + name + "; the journal could not be closed cleanly (" + ex +
                "); every line printed was acknowledged; recovery starts from what was journaled");
            return ExitStatus.ERROR;
        }
        err.println(stoppedMessage(name));
        return 128 + number;
    }

    private String stoppedMessage(final String name)
    {
        return command + ": stopped by SIG" + name + ": every line printed was acknowledged, the lines after were " +
            "not run; the journal was closed cleanly, as at the end of a script (snapshot written)";
    }

    /** @return true if this call closed the journal, false if it was closed already. */
    private synchronized boolean closeOnce()
    {
        if (closed)
        {
            return false;
        }
        closed = true;
        if (journaled.isFailed() || journaled.engine().isFailed())
        {
            // Only a run that ended cleanly may snapshot: after a failure the state may be ahead of the journal.
            journaled.closeWithoutSnapshot();
        }
        else
        {
            journaled.close();
        }
        return true;
    }
}
