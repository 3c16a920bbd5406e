package dev.stockcore.bench.peers;

import dev.stockcore.bench.workload.Catalogue;
import dev.stockcore.bench.workload.OrderBatch;

/**
 * A contender measured against stockcore with the same workload and the same result semantics:
 * a reservation is all-or-nothing across its lines, and a line on a virtual product takes stock from its source.
 * <p>
 * Lifecycle: {@link #start()} (start or connect to the server), {@link #setUp(Catalogue)} (create the schema and
 * the products, replacing any previous run's), then any number of {@link Session}s, one per client thread, then
 * {@link #close()} (disconnect; a server the peer started is stopped by its script, not here).
 */
public interface ReservationPeer extends AutoCloseable
{
    /**
     * @return the name printed in reports and used as the {@code summary.json} key, e.g. {@code redis}.
     */
    String name();

    /**
     * Connects; throws with a message that says what is missing when the peer cannot run.
     *
     * @throws Exception when the server cannot be reached.
     */
    void start() throws Exception;

    /**
     * Creates the products of the catalogue with their starting stock, dropping any earlier state.
     *
     * @param catalogue the products.
     * @throws Exception on a server error.
     */
    void setUp(Catalogue catalogue) throws Exception;

    /**
     * Opens a client session, to be used by one thread.
     *
     * @return the session.
     * @throws Exception on a connection error.
     */
    Session openSession() throws Exception;

    /**
     * Units reserved and committed against a physical product, read back after a run to check for oversell.
     *
     * @param product physical product index.
     * @return units no longer available: reserved (held) plus committed.
     * @throws Exception on a server error.
     */
    long taken(int product) throws Exception;

    /**
     * One client's connection. Not thread-safe.
     */
    interface Session extends AutoCloseable
    {
        /**
         * Reserves every order of the batch, each all-or-nothing, pipelined where the peer can.
         *
         * @param orders   the orders.
         * @param accepted set per order: true when reserved, false when stock was insufficient.
         * @throws Exception on a server error.
         */
        void reserve(OrderBatch orders, boolean[] accepted) throws Exception;

        /**
         * Commits whole reservations (the order was paid): the held units leave physical stock.
         *
         * @param reservationIds ids to commit.
         * @param count          how many of {@code reservationIds}.
         * @throws Exception on a server error.
         */
        void commit(long[] reservationIds, int count) throws Exception;

        /**
         * Releases whole reservations (the order was cancelled): the held units become available again.
         *
         * @param reservationIds ids to release.
         * @param count          how many of {@code reservationIds}.
         * @throws Exception on a server error.
         */
        void release(long[] reservationIds, int count) throws Exception;

        @Override
        void close() throws Exception;
    }

    @Override
    void close() throws Exception;
}
