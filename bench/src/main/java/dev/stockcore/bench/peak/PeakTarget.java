package dev.stockcore.bench.peak;

import java.nio.file.Path;

import dev.stockcore.bench.workload.Catalogue;

/**
 * What the {@link PeakSimulator} sends its commands to: the engine on the generator's thread, a peer, or the
 * runtime (many producers, a ring buffer, the single writer, the journal, completion callbacks).
 * <p>
 * Lifecycle, all calls from the simulator's generator thread: {@link #setUp(Catalogue)} once, then
 * {@link #start(LatencyRecorders)}, then {@link #offer} for every command, then {@link #close()}.
 * <p>
 * Completion: when a command completes (acknowledged: for a journaled target, after its group commit), the target
 * calls {@link LatencyRecorder#complete(long, boolean)} with the {@code intendedNanos} the command was offered
 * with, on whichever thread completes it. Each completing thread must use a recorder of its own, taken once from
 * {@link LatencyRecorders#newRecorder(String)} (a synchronous target takes one in {@code start}; an asynchronous
 * one takes one for its completion thread, for instance the writer agent's, in its {@code onStart}). A recorder
 * has a single writer, so recording costs no contended write however many threads complete commands.
 * An asynchronous target carries {@code intendedNanos} with the command (a correlation field in the encoded
 * message, or a slot array indexed by a sequence) to hand it back on completion.
 */
public interface PeakTarget extends AutoCloseable
{
    /**
     * @return the name printed in reports and used in file names, e.g. {@code engine}.
     */
    String name();

    /**
     * Creates the catalogue's products with their starting stock and links; called once.
     *
     * @param catalogue the products.
     * @throws Exception when the target cannot be set up.
     */
    void setUp(Catalogue catalogue) throws Exception;

    /**
     * Starts the target; completions go to recorders taken from {@code recorders}.
     *
     * @param recorders where completing threads take their recorder.
     * @throws Exception when the target cannot start.
     */
    void start(LatencyRecorders recorders) throws Exception;

    /**
     * Offers one command. The request object is reused: copy what is needed before returning.
     *
     * @param request       the command.
     * @param intendedNanos when the schedule meant to send it ({@link System#nanoTime()} scale): latency is
     *                      measured from here, not from when it could actually be sent.
     * @return true if taken; false if the target cannot take it now (a full ring buffer), in which case the
     * simulator offers the same command again, still with the same intended time.
     */
    boolean offer(PeakRequest request, long intendedNanos);

    /**
     * @return threads this target keeps busy besides the simulator's generator thread (an engine agent, a
     * server): whether a {@link HiccupMeter} can run beside it without taking a core it needs.
     */
    default int busyThreads()
    {
        return 0;
    }

    /**
     * @return the directory of this target's journal, or null if it keeps none: its file system is printed with
     * the results, since a journal's tail depends on it.
     */
    default Path journalDir()
    {
        return null;
    }

    /**
     * Stops the target and releases what it holds. Never throws.
     */
    @Override
    void close();
}
