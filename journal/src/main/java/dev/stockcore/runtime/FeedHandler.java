package dev.stockcore.runtime;

/**
 * Receives availability changes from a {@link FeedSubscription}, on the thread that polls it.
 */
@FunctionalInterface
public interface FeedHandler
{
    /**
     * @param product   index of the product whose availability changed.
     * @param sku       its SKU.
     * @param available units that can now be reserved through it (its source's, for a consumer).
     * @param sequence  movement sequence at which this value was published; resume after it with
     *                  {@link StockRuntime#subscribe(long)} given {@code sequence + 1}.
     */
    void onChange(int product, String sku, long available, long sequence);
}
