package dev.stockcore.bench.peers;

import dev.stockcore.bench.workload.Catalogue;
import dev.stockcore.bench.workload.OrderBatch;

import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-JVM baseline, written the way a typical service would be: products in a
 * {@code ConcurrentHashMap<String, ProductRow>} keyed by SKU, one {@link ReentrantLock} per row, reservations in a
 * {@code ConcurrentHashMap<Long, Reservation>}, any number of threads.
 * <p>
 * A reservation sums its lines per holder (a virtual product's source, else the product itself) in a
 * {@link TreeMap} keyed by SKU, which is also the lock order, so that two orders never wait on each other's locks
 * (no deadlock); it takes every holder's lock, checks that each can cover its quantity, and only then reserves
 * them all (all or nothing). Commit and release first remove the reservation from the map, so that only one of
 * them, once, applies it. The garbage this makes per order (boxed ids, maps, rows) is part of what it measures.
 */
public final class InJvmLockedPeer implements ReservationPeer
{
    /** The name in reports and in {@code summary.json}. */
    public static final String NAME = "in_jvm_locked";

    private final ConcurrentHashMap<String, ProductRow> products = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Reservation> reservations = new ConcurrentHashMap<>();
    private volatile String[] skus = new String[0];

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public void start()
    {
    }

    @Override
    public void setUp(final Catalogue catalogue)
    {
        products.clear();
        reservations.clear();
        final int count = catalogue.productCount();
        final String[] names = new String[count];
        for (int p = 0; p < count; p++)
        {
            names[p] = Catalogue.sku(p);
        }
        for (int p = 0; p < count; p++)
        {
            if (catalogue.source(p) < 0)
            {
                products.put(names[p], new ProductRow(names[p], null, catalogue.initialStock()));
            }
        }
        for (int p = 0; p < count; p++)
        {
            final int source = catalogue.source(p);
            if (source >= 0)
            {
                products.put(names[p], new ProductRow(names[p], products.get(names[source]), 0));
            }
        }
        skus = names;
    }

    @Override
    public Session openSession()
    {
        return new LockedSession();
    }

    @Override
    public long taken(final int product)
    {
        final ProductRow row = row(skus[product]);
        row.lock.lock();
        try
        {
            return row.reservedHeld + (row.initialStock - row.physical);
        }
        finally
        {
            row.lock.unlock();
        }
    }

    /**
     * @param product a physical product index.
     * @return its physical stock now.
     */
    public long physical(final int product)
    {
        final ProductRow row = row(skus[product]);
        row.lock.lock();
        try
        {
            return row.physical;
        }
        finally
        {
            row.lock.unlock();
        }
    }

    /**
     * @param product a physical product index.
     * @return units held by open reservations against it.
     */
    public long reservedHeld(final int product)
    {
        final ProductRow row = row(skus[product]);
        row.lock.lock();
        try
        {
            return row.reservedHeld;
        }
        finally
        {
            row.lock.unlock();
        }
    }

    /**
     * @return open reservations.
     */
    public int openReservations()
    {
        return reservations.size();
    }

    @Override
    public void close()
    {
    }

    private ProductRow row(final String sku)
    {
        final ProductRow row = products.get(sku);
        if (row == null)
        {
            throw new IllegalArgumentException("unknown SKU " + sku + "; call setUp with a catalogue that has it");
        }
        return row;
    }

    /**
     * Reserves one order, all or nothing.
     */
    private boolean reserve(final long reservationId, final OrderBatch orders, final int order)
    {
        final String[] names = skus;
        final TreeMap<String, Long> needed = new TreeMap<>();
        final TreeMap<String, ProductRow> holders = new TreeMap<>();
        for (int line = orders.lineStart(order), end = line + orders.lineCount(order); line < end; line++)
        {
            final ProductRow ordered = row(names[orders.product(line)]);
            final ProductRow holder = ordered.source != null ? ordered.source : ordered;
            holders.put(holder.sku, holder);
            needed.merge(holder.sku, orders.quantity(line), Long::sum);
        }
        final ProductRow[] locked = holders.values().toArray(new ProductRow[0]);
        final long[] quantities = new long[locked.length];
        for (int i = 0; i < locked.length; i++)
        {
            quantities[i] = needed.get(locked[i].sku);
        }
        int held = 0;
        try
        {
            for (; held < locked.length; held++)
            {
                locked[held].lock.lock();
            }
            for (int i = 0; i < locked.length; i++)
            {
                if (locked[i].physical - locked[i].reservedHeld < quantities[i])
                {
                    return false;
                }
            }
            if (reservations.putIfAbsent(reservationId, new Reservation(locked, quantities)) != null)
            {
                return false;
            }
            for (int i = 0; i < locked.length; i++)
            {
                locked[i].reservedHeld += quantities[i];
            }
            return true;
        }
        finally
        {
            for (int i = held - 1; i >= 0; i--)
            {
                locked[i].lock.unlock();
            }
        }
    }

    /**
     * Commits (physical stock leaves) or releases (the hold is dropped) a whole reservation, once.
     */
    private void settle(final long reservationId, final boolean commit)
    {
        final Reservation reservation = reservations.remove(reservationId);
        if (reservation == null)
        {
            return;
        }
        final ProductRow[] rows = reservation.holders;
        int held = 0;
        try
        {
            for (; held < rows.length; held++)
            {
                rows[held].lock.lock();
            }
            for (int i = 0; i < rows.length; i++)
            {
                rows[i].reservedHeld -= reservation.quantities[i];
                if (commit)
                {
                    rows[i].physical -= reservation.quantities[i];
                }
            }
        }
        finally
        {
            for (int i = held - 1; i >= 0; i--)
            {
                rows[i].lock.unlock();
            }
        }
    }

    /**
     * One product: its stock under its lock, or for a virtual product the source it shares.
     */
    static final class ProductRow
    {
        final String sku;
        final ProductRow source;
        final long initialStock;
        final ReentrantLock lock = new ReentrantLock();
        long physical;
        long reservedHeld;

        ProductRow(final String sku, final ProductRow source, final long initialStock)
        {
            this.sku = sku;
            this.source = source;
            this.initialStock = initialStock;
            this.physical = initialStock;
        }
    }

    /**
     * An open reservation: the holders it took stock from, in lock order, and how much from each.
     */
    static final class Reservation
    {
        final ProductRow[] holders;
        final long[] quantities;

        Reservation(final ProductRow[] holders, final long[] quantities)
        {
            this.holders = holders;
            this.quantities = quantities;
        }
    }

    /**
     * A client session: plain calls into the shared maps, nothing to pipeline.
     */
    private final class LockedSession implements Session
    {
        @Override
        public void reserve(final OrderBatch orders, final boolean[] accepted)
        {
            for (int o = 0, n = orders.size(); o < n; o++)
            {
                accepted[o] = InJvmLockedPeer.this.reserve(orders.reservationId(o), orders, o);
            }
        }

        @Override
        public void commit(final long[] reservationIds, final int count)
        {
            for (int i = 0; i < count; i++)
            {
                InJvmLockedPeer.this.settle(reservationIds[i], true);
            }
        }

        @Override
        public void release(final long[] reservationIds, final int count)
        {
            for (int i = 0; i < count; i++)
            {
                InJvmLockedPeer.this.settle(reservationIds[i], false);
            }
        }

        @Override
        public void close()
        {
        }
    }
}
