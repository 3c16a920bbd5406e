package dev.stockcore.bench.workload;

/**
 * What happens to a reservation after it is taken: the shopper pays (commit), cancels (release), or walks away
 * and the reservation's time-to-live runs out (expire: nobody sends anything).
 */
public enum OrderFate
{
    /** Paid: the whole reservation is committed. */
    COMMIT,
    /** Cancelled: the whole reservation is released. */
    RELEASE,
    /** Abandoned: never committed nor released, so it expires when its time-to-live runs out. */
    EXPIRE
}
