package dev.stockcore.journal.feed;

import dev.stockcore.engine.StockEngine;

/**
 * Receives the availability changes of a {@link JournalFeed}, on the thread that polls it.
 */
@FunctionalInterface
public interface AvailabilityHandler
{
    /**
     * A product's availability changed in the batch that ends at {@code sequence}.
     *
     * @param replica   the feed's replica, holding the state as of {@code sequence}: read the SKU
     *                  ({@link StockEngine#appendSku(int, StringBuilder)}) or the source from it; never call
     *                  a command on it.
     * @param product   the product's index.
     * @param available what can be reserved through it now (for a consumer, its source's availability).
     * @param sequence  the sequence of the last movement of the batch (the same for every change of a batch).
     */
    void onAvailability(StockEngine replica, int product, long available, long sequence);
}
