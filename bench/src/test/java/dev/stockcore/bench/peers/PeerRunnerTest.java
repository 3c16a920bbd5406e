package dev.stockcore.bench.peers;

import dev.stockcore.bench.workload.WorkloadModel;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerRunnerTest
{
    private final WorkloadModel model = WorkloadModel.peak().physicalProducts(2_000).virtualProducts(100);

    @Test
    void shouldMeasureTheInJvmPeerAndFindNoOversell() throws Exception
    {
        final InJvmLockedPeer peer = new InJvmLockedPeer();
        final PeerRunner runner = new PeerRunner(model, 1);
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
        final PeerRunner runner = new PeerRunner(model, 2);
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
}
