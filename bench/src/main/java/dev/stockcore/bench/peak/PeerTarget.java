package dev.stockcore.bench.peak;

import dev.stockcore.bench.peers.ReservationPeer;
import dev.stockcore.bench.workload.Catalogue;
import dev.stockcore.bench.workload.OrderBatch;

/**
 * A {@link ReservationPeer} driven by the peak simulator through one session on the generator thread, one command
 * per call: the same open-loop schedule and latency measure as the engine, for a peer. Peers have no
 * time-to-live, so the orders left to expire stay reserved. A peer failure ends the run with its message.
 */
public final class PeerTarget implements PeakTarget
{
    private final ReservationPeer peer;
    private final OrderBatch batch = new OrderBatch(1, 64);
    private final boolean[] accepted = new boolean[1];
    private final long[] ids = new long[1];
    private ReservationPeer.Session session;
    private LatencyRecorder recorder;

    /**
     * @param peer a started peer; it stays open after {@link #close()}, its owner closes it.
     */
    public PeerTarget(final ReservationPeer peer)
    {
        this.peer = peer;
    }

    @Override
    public int busyThreads()
    {
        return 1;
    }

    @Override
    public String name()
    {
        return peer.name();
    }

    @Override
    public void setUp(final Catalogue catalogue) throws Exception
    {
        peer.setUp(catalogue);
    }

    @Override
    public void start(final LatencyRecorders recorders) throws Exception
    {
        session = peer.openSession();
        recorder = recorders.newRecorder(peer.name() + " session on the generator thread");
    }

    @Override
    public boolean offer(final PeakRequest request, final long intendedNanos)
    {
        boolean ok = true;
        try
        {
            switch (request.kind())
            {
                case RESERVE:
                    batch.clear().add(request.reservationId());
                    for (int i = 0, n = request.lineCount(); i < n; i++)
                    {
                        batch.addLine(request.product(i), request.quantity(i));
                    }
                    session.reserve(batch, accepted);
                    ok = accepted[0];
                    break;
                case COMMIT:
                    ids[0] = request.reservationId();
                    session.commit(ids, 1);
                    break;
                default:
                    ids[0] = request.reservationId();
                    session.release(ids, 1);
                    break;
            }
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("peer " + peer.name() + " failed on " + request.kind() + " of " +
                "reservation " + request.reservationId() + ": " + ex.getMessage(), ex);
        }
        recorder.complete(intendedNanos, ok);
        return true;
    }

    @Override
    public void close()
    {
        if (session != null)
        {
            try
            {
                session.close();
            }
            catch (final Exception ex)
            {
                System.err.println("peer " + peer.name() + ": closing its session failed: " + ex);
            }
            session = null;
        }
    }
}
