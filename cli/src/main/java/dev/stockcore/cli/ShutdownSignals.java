package dev.stockcore.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns SIGINT and SIGTERM into a flag for a command that runs until it is stopped ({@code feed}), so that it
 * can finish its output and return exit status 0 instead of the JVM's default 130 or 143 with unflushed
 * buffers; or into a call, for a command that must close a journal cleanly even while its thread is blocked
 * reading its input ({@code script --journal}). {@code sun.misc.Signal} (module {@code jdk.unsupported}) is the JDK's only way to handle a signal
 * without starting the JVM's shutdown; a shutdown hook would run too late to choose the exit status. It is
 * named in as few places as possible, because javac warns at each (a warning no annotation can silence).
 * The previous handlers are put back on {@link #close()}.
 */
final class ShutdownSignals implements AutoCloseable
{
    private static final String[] NAMES = { "INT", "TERM" };

    private final List<Runnable> restorers = new ArrayList<>(NAMES.length);
    private final SignalHandler handler;
    private volatile boolean received;
    private volatile int number;
    private volatile String name;

    /**
     * Called on the JVM's signal thread when a signal arrives, after {@link #received()} turned true.
     */
    @FunctionalInterface
    interface SignalHandler
    {
        /**
         * @param number the signal's number (2 for SIGINT, 15 for SIGTERM).
         * @param name   its name without the SIG prefix, e.g. {@code TERM}.
         */
        void onSignal(int number, String name);
    }

    private ShutdownSignals(final SignalHandler handler)
    {
        this.handler = handler;
    }

    /**
     * Handles SIGINT and SIGTERM until closed. A signal the JVM keeps for itself (for instance under
     * {@code -Xrs}) keeps its default behaviour.
     *
     * @return the handle; close it to restore the previous handlers.
     */
    static ShutdownSignals install()
    {
        return install((number, name) -> {});
    }

    /**
     * Handles SIGINT and SIGTERM until closed, calling {@code handler} on the JVM's signal thread for each.
     *
     * @param handler what to do, besides raising the flag; it may end the JVM with {@code System.exit}.
     * @return the handle; close it to restore the previous handlers.
     */
    static ShutdownSignals install(final SignalHandler handler)
    {
        final ShutdownSignals installed = new ShutdownSignals(handler);
        for (final String name : NAMES)
        {
            try
            {
                final var signal = new sun.misc.Signal(name);
                final var previous = sun.misc.Signal.handle(signal,
                    arrived -> installed.onSignal(arrived.getNumber(), arrived.getName()));
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

    /** @return the number of the signal that arrived last, 0 if none. */
    int number()
    {
        return number;
    }

    /** @return the name of the signal that arrived last, e.g. {@code TERM}, or null if none. */
    String name()
    {
        return name;
    }

    private void onSignal(final int number, final String name)
    {
        this.number = number;
        this.name = name;
        received = true;
        handler.onSignal(number, name);
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
