package dev.stockcore.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns SIGINT and SIGTERM into a flag for a command that runs until it is stopped ({@code feed}), so that it
 * can finish its output and return exit status 0 instead of the JVM's default 130 or 143 with unflushed
 * buffers. {@code sun.misc.Signal} (module {@code jdk.unsupported}) is the JDK's only way to handle a signal
 * without starting the JVM's shutdown; a shutdown hook would run too late to choose the exit status. It is
 * named in as few places as possible, because javac warns at each (a warning no annotation can silence).
 * The previous handlers are put back on {@link #close()}.
 */
final class ShutdownSignals implements AutoCloseable
{
    private static final String[] NAMES = { "INT", "TERM" };

    private final List<Runnable> restorers = new ArrayList<>(NAMES.length);
    private volatile boolean received;

    private ShutdownSignals()
    {
    }

    /**
     * Handles SIGINT and SIGTERM until closed. A signal the JVM keeps for itself (for instance under
     * {@code -Xrs}) keeps its default behaviour.
     *
     * @return the handle; close it to restore the previous handlers.
     */
    static ShutdownSignals install()
    {
        final ShutdownSignals installed = new ShutdownSignals();
        for (final String name : NAMES)
        {
            try
            {
                final var signal = new sun.misc.Signal(name);
                final var previous = sun.misc.Signal.handle(signal, ignored -> installed.received = true);
                installed.restorers.add(() -> sun.misc.Signal.handle(signal, previous));
            }
            catch (final IllegalArgumentException ex)
            {
                // Left to the JVM: the command then ends the JVM's default way on that signal.
            }
        }
        return installed;
    }

    /** @return whether SIGINT or SIGTERM has arrived. */
    boolean received()
    {
        return received;
    }

    @Override
    public void close()
    {
        for (final Runnable restorer : restorers)
        {
            restorer.run();
        }
    }
}
