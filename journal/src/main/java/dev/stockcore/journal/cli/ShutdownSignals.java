package dev.stockcore.journal.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGINT and SIGTERM into a flag for a command that runs until it is stopped ({@code feed}), so that it
 * can finish its output and return exit status 0 instead of the JVM's default 130 or 143 with unflushed
 * buffers. {@code sun.misc.Signal} (module {@code jdk.unsupported}) is the JDK's only way to handle a signal
 * without starting the JVM's shutdown; a shutdown hook would run too late to choose the exit status. The
 * previous handlers are put back on {@link #close()}.
 */
final class ShutdownSignals implements AutoCloseable
{
    private static final String[] NAMES = { "INT", "TERM" };

    private final Signal[] signals = new Signal[NAMES.length];
    private final SignalHandler[] previous = new SignalHandler[NAMES.length];
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
        for (int i = 0; i < NAMES.length; i++)
        {
            try
            {
                final Signal signal = new Signal(NAMES[i]);
                installed.previous[i] = Signal.handle(signal, installed::onSignal);
                installed.signals[i] = signal;
            }
            catch (final IllegalArgumentException ex)
            {
                // Left to the JVM: the command then ends the JVM's default way on that signal.
                installed.signals[i] = null;
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
        for (int i = 0; i < NAMES.length; i++)
        {
            if (signals[i] != null)
            {
                Signal.handle(signals[i], previous[i]);
            }
        }
    }

    private void onSignal(final Signal signal)
    {
        received = true;
    }
}
