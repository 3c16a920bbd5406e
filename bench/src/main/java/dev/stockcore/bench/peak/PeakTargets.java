package dev.stockcore.bench.peak;

import dev.stockcore.bench.peers.InJvmLockedPeer;
import dev.stockcore.journal.Durability;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The peak targets that {@code ./stockcore bench peak --target NAME} knows, and the one place where the runtime's
 * target plugs in ({@link #endToEnd(Path)}).
 */
public final class PeakTargets
{
    /** The engine on the generator thread, in memory. */
    public static final String ENGINE = "engine";
    /** The engine and its journal on the generator thread, one group commit per command. */
    public static final String ENGINE_JOURNALED = "engine-journaled";
    /** The in-JVM locked peer on the generator thread. */
    public static final String IN_JVM_LOCKED = "in-jvm-locked";
    /** The runtime: producers, ring buffer, single writer, journal, completion callbacks. */
    public static final String RUNTIME = "runtime";

    private PeakTargets()
    {
    }

    /**
     * @return every target name.
     */
    public static List<String> names()
    {
        return List.of(ENGINE, ENGINE_JOURNALED, IN_JVM_LOCKED, RUNTIME);
    }

    /**
     * @param name    one of {@link #names()}.
     * @param workDir where a journaled target writes its journal (a new subdirectory).
     * @return the target.
     * @throws IllegalArgumentException for an unknown name, or {@code runtime} while it is not available.
     */
    public static PeakTarget create(final String name, final Path workDir)
    {
        switch (name)
        {
            case ENGINE:
                return DirectEngineTarget.inMemory();
            case ENGINE_JOURNALED:
                return DirectEngineTarget.journaled(workDir.resolve("journal"), Durability.ASYNC);
            case IN_JVM_LOCKED:
            {
                final InJvmLockedPeer peer = new InJvmLockedPeer();
                peer.start();
                return new PeerTarget(peer);
            }
            case RUNTIME:
                return endToEnd(workDir).orElseThrow(() -> new IllegalArgumentException(
                    "target runtime is not available in this build: the runtime is not merged into this branch yet"));
            default:
                throw new IllegalArgumentException("unknown target '" + name + "': use one of " + names());
        }
    }

    /**
     * Merge point for the runtime (many producer threads, a {@code ManyToOneRingBuffer}, the single writer agent,
     * the journal, completion callbacks). Return its {@link PeakTarget} here: {@code offer} encodes the command
     * into the ring (false when the ring is full), carrying {@code intendedNanos} as the correlation value; the
     * completion callback, on the writer (or completion) thread, calls
     * {@link LatencyRecorder#complete(long, boolean)} on a recorder that thread took once from
     * {@link LatencyRecorders#newRecorder(String)}. Once this returns a target, {@code ./stockcore bench} runs a
     * peak series on it and reports its highest unsaturated achieved rate as {@code end_to_end_ops_per_s}, and
     * {@code bench peak --target runtime} runs it alone.
     *
     * @param workDir a directory for the runtime's journal.
     * @return the runtime's target, or empty while the runtime is not in this build.
     */
    public static Optional<PeakTarget> endToEnd(final Path workDir)
    {
        return Optional.of(new RuntimeTarget(workDir.resolve("runtime-journal")));
    }
}
