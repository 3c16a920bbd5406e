package dev.stockcore.engine;

import static dev.stockcore.engine.EngineLimits.MAX_LINES;
import static dev.stockcore.engine.EngineLimits.MAX_SKU_LENGTH;
import static dev.stockcore.engine.EngineLimits.isValidSku;
import static dev.stockcore.engine.ReservationStore.NO_DEADLINE;

/**
 * The engine's snapshot codec: {@link #take(SnapshotSink)} streams the whole state (products, open
 * reservations, remembered closed reservations, time and sequence) and {@link #load(SnapshotSource)}
 * reads it back into a new engine, the way Aeron Cluster's {@code ServiceSnapshotTaker} and
 * {@code ServiceSnapshotLoader} sit beside the service. Version {@link StockEngine#SNAPSHOT_VERSION}
 * of the layout, all in {@link SnapshotSink} order:
 * <pre>
 * int version, long time, long sequence, long retention, int productCount,
 *   per product: byte skuLength, skuLength bytes,
 *     long physical, long reservedHeld, long reservedOrdered, long averageCost, long link
 *     (the five longs of {@link ProductTable}, in its order)
 * int openCount,
 *   per open reservation: long id, long deadline (-1 none), int lineCount,
 *     per line: int ordered, int holder, long remaining
 * int closedCount,
 *   per remembered closed reservation, in close order: long id, byte state, long closedAt
 * </pre>
 * The sink and source carry the values and fix their byte order (the journal's snapshot file is
 * little-endian); this class decides only which values, in which order.
 */
final class EngineSnapshot
{
    private final EngineState engine;
    private final SkuTable skus;
    private final ProductTable products;
    private final ReservationStore reservations;

    EngineSnapshot(
        final EngineState engine, final SkuTable skus, final ProductTable products, final ReservationStore reservations)
    {
        this.engine = engine;
        this.skus = skus;
        this.products = products;
        this.reservations = reservations;
    }

    /**
     * Streams the state; see {@link StockEngine#takeSnapshot(SnapshotSink)}.
     *
     * @param sink where the state goes.
     */
    void take(final SnapshotSink sink)
    {
        final int productCount = products.count();
        sink.putInt(EngineState.SNAPSHOT_VERSION);
        sink.putLong(engine.time());
        sink.putLong(engine.sequence());
        sink.putLong(engine.retentionMillis());
        sink.putInt(productCount);
        for (int p = 0; p < productCount; p++)
        {
            final int length = skus.length(p);
            sink.putByte((byte)length);
            for (int i = 0; i < length; i++)
            {
                sink.putByte((byte)skus.charAt(p, i));
            }
            sink.putLong(products.physical(p));
            sink.putLong(products.reservedHeld(p));
            sink.putLong(products.reservedOrdered(p));
            sink.putLong(products.averageCost(p));
            sink.putLong(products.link(p));
        }
        sink.putInt(reservations.openCount());
        for (int slot = 0; slot < reservations.slotLimit(); slot++)
        {
            if (reservations.state(slot) == ReservationStore.OPEN)
            {
                final int start = reservations.lineStart(slot);
                final int lineCount = reservations.lineCount(slot);
                sink.putLong(reservations.id(slot));
                sink.putLong(reservations.deadline(slot));
                sink.putInt(lineCount);
                for (int l = start; l < start + lineCount; l++)
                {
                    sink.putInt(reservations.ordered(l));
                    sink.putInt(reservations.holder(l));
                    sink.putLong(reservations.remaining(l));
                }
            }
        }
        final int closed = reservations.retainedCount();
        sink.putInt(closed);
        for (int i = 0; i < closed; i++)
        {
            final int slot = reservations.retainedSlot(i);
            sink.putLong(reservations.id(slot));
            sink.putByte(reservations.state(slot));
            sink.putLong(reservations.deadline(slot));
        }
    }

    /**
     * Loads a snapshot into the engine, which must be new; see {@link StockEngine#loadSnapshot(SnapshotSource)}.
     *
     * @param source the snapshot stream.
     * @throws IllegalStateException if the engine is not new or the snapshot is not one this version reads.
     */
    void load(final SnapshotSource source)
    {
        if (products.count() != 0 || engine.sequence() != 0 || reservations.slotLimit() != 0)
        {
            throw new IllegalStateException("a snapshot can only be loaded into a new engine");
        }
        final int version = source.getInt();
        if (version != EngineState.SNAPSHOT_VERSION)
        {
            throw new IllegalStateException("engine snapshot version " + version + ", this build reads version " +
                EngineState.SNAPSHOT_VERSION);
        }
        final long time = source.getLong();
        final long sequence = source.getLong();
        source.getLong(); // the retention in force when taken: the loading engine keeps its configured one
        engine.replayedTo(sequence, time);
        loadProducts(source);
        final int open = source.getInt();
        for (int r = 0; r < open; r++)
        {
            final long id = source.getLong();
            final long deadline = source.getLong();
            final int lineCount = source.getInt();
            if (lineCount < 1 || lineCount > MAX_LINES)
            {
                throw new IllegalStateException("snapshot reservation " + id + " has " + lineCount + " lines");
            }
            final int slot = reservations.open(id, lineCount, deadline);
            for (int l = 0; l < lineCount; l++)
            {
                final int ordered = source.getInt();
                final int holder = source.getInt();
                reservations.setLine(slot, l, ordered, holder, source.getLong());
            }
        }
        final int closed = source.getInt();
        for (int r = 0; r < closed; r++)
        {
            final long id = source.getLong();
            final byte closedState = source.getByte();
            final long closedAt = source.getLong();
            reservations.close(reservations.open(id, 1, NO_DEADLINE), closedState, closedAt);
        }
    }

    private void loadProducts(final SnapshotSource source)
    {
        final int count = source.getInt();
        final StringBuilder sku = new StringBuilder(MAX_SKU_LENGTH);
        for (int p = 0; p < count; p++)
        {
            sku.setLength(0);
            final int length = source.getByte();
            for (int i = 0; i < length; i++)
            {
                sku.append((char)source.getByte());
            }
            if (!isValidSku(sku) || skus.find(sku) >= 0)
            {
                throw new IllegalStateException("snapshot product " + p + " has a bad or repeated SKU '" + sku + "'");
            }
            products.add(skus.add(sku));
            products.physical(p, source.getLong());
            products.reservedHeld(p, source.getLong());
            products.reservedOrdered(p, source.getLong());
            products.averageCost(p, source.getLong());
            products.link(p, source.getLong());
        }
    }
}
