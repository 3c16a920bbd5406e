package dev.stockcore.bench.jmh;

import dev.stockcore.bench.workload.Catalogue;
import dev.stockcore.bench.workload.CatalogueLoader;
import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.MovementHandler;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import dev.stockcore.engine.StockEngine;

/**
 * An engine kept in a steady state for as long as a benchmark runs, so that what is measured is the same work from
 * the first operation to the last, without allocation:
 * <ul>
 *   <li>engine time advances 1 ms every {@value #OPS_PER_MILLI} operations ({@link #tick()}), and closed
 *       reservation ids are remembered for {@value #RETENTION_MILLIS} ms of engine time instead of the default
 *       24 h, so about a million closed ids are retained at any time and the reservation tables, sized for that,
 *       never grow (with the default retention every closed id would stay for the whole run);</li>
 *   <li>before the benchmark starts, the constructor runs that many reserve+commit pairs, so that the retention
 *       queue has reached its full size: otherwise it would still be growing (allocating) during the first
 *       measured iterations of a slow run;</li>
 *   <li>physical stock starts at {@value #STOCK} units per product and is topped up between iterations
 *       ({@link #topUp()}), so it never runs out and the rejection path is never what is measured;</li>
 *   <li>any command that is not OK is counted, and {@link #checkNoRejections()} fails the iteration if there was
 *       one.</li>
 * </ul>
 */
public final class SteadyEngine
{
    /** Operations per millisecond of engine time. */
    public static final int OPS_PER_MILLI = 1024;
    /** How long closed reservation ids are remembered, in engine time. */
    public static final long RETENTION_MILLIS = 1_000L;
    /** Starting (and topped-up-to) stock of each physical product. */
    public static final long STOCK = 1_000_000_000_000L;
    /** Reservation table size hint: open ones plus {@code OPS_PER_MILLI * RETENTION_MILLIS} retained, doubled. */
    public static final int RESERVATION_CAPACITY = 1 << 21;

    private final StockEngine engine;
    private final Catalogue catalogue;
    private long now = 1;
    private int opsThisMilli;
    private long rejections;
    private long lastReservationId;

    /**
     * @param catalogue the products, each physical one starting with {@link #STOCK} units whatever the catalogue
     *                  says.
     * @param handler   receives the movements.
     */
    public SteadyEngine(final Catalogue catalogue, final MovementHandler handler)
    {
        this.catalogue = catalogue;
        engine = new StockEngine(handler, catalogue.productCount(), RESERVATION_CAPACITY, RETENTION_MILLIS);
        CatalogueLoader.load(engine, catalogue);
        engine.advanceTime(now);
        topUp();
        settle();
    }

    /**
     * Runs reserve+commit pairs until closed ids start being forgotten, so that every table has reached the
     * size the steady state needs.
     */
    private void settle()
    {
        final OrderLines lines = new OrderLines();
        final OrderLines commitAll = new OrderLines();
        final long pairs = (RETENTION_MILLIS + 2) * OPS_PER_MILLI;
        int product = 0;
        for (long i = 0; i < pairs; i++)
        {
            while (catalogue.source(product) >= 0)
            {
                product = product + 1 == catalogue.productCount() ? 0 : product + 1;
            }
            final long id = nextReservationId();
            lines.clear().add(product, 1);
            check(engine.reserve(id, EngineLimits.NO_TTL, lines));
            check(engine.commit(id, commitAll));
            tick();
            product = product + 1 == catalogue.productCount() ? 0 : product + 1;
        }
        checkNoRejections();
        topUp();
    }

    /**
     * @return a reservation id never used before on this engine.
     */
    public long nextReservationId()
    {
        return ++lastReservationId;
    }

    /**
     * @return the engine.
     */
    public StockEngine engine()
    {
        return engine;
    }

    /**
     * Counts one operation; every {@value #OPS_PER_MILLI} advances engine time by 1 ms.
     */
    public void tick()
    {
        if (++opsThisMilli == OPS_PER_MILLI)
        {
            opsThisMilli = 0;
            engine.advanceTime(++now);
        }
    }

    /**
     * Counts a command that was not OK.
     *
     * @param result a command's result.
     */
    public void check(final Result result)
    {
        if (result != Result.OK)
        {
            rejections++;
        }
    }

    /**
     * Brings every physical product back to at least half of {@link #STOCK} available; call outside measurement.
     */
    public void topUp()
    {
        for (int p = 0, count = catalogue.productCount(); p < count; p++)
        {
            if (catalogue.source(p) < 0)
            {
                final long available = engine.available(p);
                if (available < STOCK / 2)
                {
                    CatalogueLoader.addStock(engine, p, STOCK - available);
                }
            }
        }
    }

    /**
     * @throws IllegalStateException if any command was rejected since the last call: the figure would then mix
     *                               in the rejection path.
     */
    public void checkNoRejections()
    {
        if (rejections != 0)
        {
            final long count = rejections;
            rejections = 0;
            throw new IllegalStateException(count + " commands were not OK during the iteration; the benchmark " +
                "would measure rejections instead of reservations: check its stock and ids");
        }
    }
}
