package dev.stockcore.bench.peers;

import dev.stockcore.bench.workload.WorkloadModel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs on a {@link TickPerRead} clock: every client thread does the same number of reserve calls in a window,
 * however the machine schedules it, so the counts checked do not depend on how busy the machine is.
 */
class PeerRunnerTest
{
    private final WorkloadModel model = WorkloadModel.peak().physicalProducts(2_000).virtualProducts(100);

    @Test
    void shouldMeasureTheInJvmPeerAndFindNoOversell() throws Exception
    {
        final InJvmLockedPeer peer = new InJvmLockedPeer();
        final PeerRunner runner = new PeerRunner(model, 1, new TickPerRead());
        runner.setUp(peer);

        final PeerRunResult best = runner.best(peer, new int[] {1, 2}, new int[] {1, 4},
            Duration.ofMillis(50), Duration.ofMillis(250), null);

        assertEquals(InJvmLockedPeer.NAME, best.peer());
        assertTrue(best.reservationsPerSecond() > 0 && best.reservations() > 0, best.toString());
        final PeerRunner.OversellCheck check = runner.checkNoOversell(peer, model.productCount());
        assertTrue(check.ok(), check.violations().toString());
        assertTrue(check.checked() > 100, "only " + check.checked() + " products were ordered");
        assertEquals(0, peer.openReservations(), "every accepted reservation was committed or released");
    }

    @Test
    void shouldCommitAndReleaseEveryAcceptedOrderOfARun() throws Exception
    {
        final InJvmLockedPeer peer = new InJvmLockedPeer();
        final PeerRunner runner = new PeerRunner(model, 2, new TickPerRead());
        runner.setUp(peer);

        runner.run(peer, 3, 8, Duration.ZERO, Duration.ofMillis(200));

        long takenAtSources = 0;
        for (int product = 0; product < model.physicalProducts(); product++)
        {
            assertEquals(0, peer.reservedHeld(product), "product " + product + " still has units held");
            takenAtSources += peer.taken(product);
        }
        assertTrue(takenAtSources > 0, "nothing was committed");
    }

    /**
     * Each thread's own time, which moves 100 us each time that thread reads it: a client does one reserve call
     * per read, so a 250 ms window holds about 2,500 of its calls whether or not it got a core meanwhile.
     */
    private static final class TickPerRead implements LongSupplier
    {
        private static final long TICK_NANOS = 100_000L;

        private final ThreadLocal<long[]> reads = ThreadLocal.withInitial(() -> new long[1]);

        @Override
        public long getAsLong()
        {
            return ++reads.get()[0] * TICK_NANOS;
        }
    }
}
