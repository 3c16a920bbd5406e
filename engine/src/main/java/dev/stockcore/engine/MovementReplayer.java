package dev.stockcore.engine;

import dev.stockcore.engine.movement.MovementDecoder;
import dev.stockcore.engine.movement.MovementDescriptor;
import dev.stockcore.engine.movement.MovementKind;
import org.agrona.DirectBuffer;

import static dev.stockcore.engine.EngineLimits.MAX_LINES;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The recovery path of {@link StockEngine#applyBatch(DirectBuffer, int)}: applies a batch of recorded
 * movements to the engine's tables as recorded, without re-validating the rules, so that a journal
 * replayed onto the state it was produced from rebuilds exactly the same state.
 * <p>
 * It checks only what would otherwise corrupt the tables (a sequence gap, an unknown kind, a product
 * index or reservation line that does not exist) and throws {@link IllegalStateException} for those,
 * since they mean a corrupt or foreign journal. Reads the batch in place; allocates nothing unless it throws.
 */
final class MovementReplayer
{
    private final EngineState engine;
    private final SkuTable skus;
    private final ProductTable products;
    private final ReservationStore reservations;
    private final MovementDecoder decoder = new MovementDecoder();

    MovementReplayer(
        final EngineState engine, final SkuTable skus, final ProductTable products, final ReservationStore reservations)
    {
        this.engine = engine;
        this.skus = skus;
        this.products = products;
        this.reservations = reservations;
    }

    /**
     * Applies one batch; see {@link StockEngine#applyBatch(DirectBuffer, int)}.
     *
     * @param buffer holding the batch.
     * @param offset of the batch header.
     */
    void apply(final DirectBuffer buffer, final int offset)
    {
        final MovementDecoder m = decoder;
        int touchedSlot = -1;
        byte closeAs = ReservationStore.CLOSED;
        final int batchEnd = offset + buffer.getInt(offset + MovementDescriptor.BATCH_LENGTH_OFFSET, LITTLE_ENDIAN);
        for (m.wrapBatch(buffer, offset); m.next(); )
        {
            final long sequence = engine.sequence();
            if (m.offset() + MovementDescriptor.MOVEMENT_LENGTH > batchEnd ||
                m.offset() + m.encodedLength() > batchEnd)
            {
                throw new IllegalStateException("batch at sequence " + (sequence + 1) + " holds a record past its " +
                    "length; the journal is corrupt: run verify, or recover from a snapshot");
            }
            if (m.sequence() != sequence + 1)
            {
                throw new IllegalStateException(
                    "movement sequence " + m.sequence() + " does not follow engine sequence " + sequence);
            }
            final MovementKind kind = m.kind();
            if (kind == null)
            {
                throw new IllegalStateException(
                    "unknown movement kind " + m.kindCode() + " at sequence " + m.sequence());
            }
            final long time = m.time();
            engine.replayedTo(m.sequence(), time);
            final int ordered = m.ordered();
            final int holder = m.holder();
            switch (kind)
            {
                case PRODUCT_ADDED:
                {
                    final int product = skus.add(buffer, m.skuOffset(), m.skuLength());
                    if (product != ordered)
                    {
                        throw new IllegalStateException("product " + m.sku() + " replayed as index " + product +
                            " but was recorded as " + ordered);
                    }
                    products.add(product);
                    break;
                }
                case TIME_ADVANCED:
                    reservations.forgetRetained(time, m.quantity() > 0 ? m.quantity() : engine.retentionMillis());
                    break;
                case ADJUSTED:
                case COUNTED:
                    checkProduct(holder, m);
                    products.physical(holder, m.holderPhysical());
                    products.averageCost(holder, m.value());
                    break;
                case LINKED:
                    checkProduct(ordered, m);
                    checkProduct(holder, m);
                    products.source(ordered, holder);
                    products.consumerCount(holder, (int)m.value());
                    break;
                case UNLINKED:
                    checkProduct(ordered, m);
                    checkProduct(holder, m);
                    products.source(ordered, -1);
                    products.consumerCount(holder, (int)m.value());
                    break;
                case RESERVED:
                    checkProduct(ordered, m);
                    checkProduct(holder, m);
                    replayReserved(m, ordered, holder);
                    break;
                case COMMITTED:
                case RELEASED:
                case EXPIRED:
                {
                    final int slot = m.reservationId() > 0 ? reservations.find(m.reservationId()) : -1;
                    if (slot < 0 || reservations.state(slot) != ReservationStore.OPEN ||
                        m.line() < 0 || m.line() >= reservations.lineCount(slot))
                    {
                        throw corrupt(m, "names line " + m.line() + " of reservation " + m.reservationId() +
                            " which is not open");
                    }
                    checkProduct(ordered, m);
                    checkProduct(holder, m);
                    reservations.remaining(reservations.lineStart(slot) + m.line(), m.value());
                    products.physical(holder, m.holderPhysical());
                    products.reservedHeld(holder, m.holderReservedHeld());
                    products.addReservedOrdered(ordered, -m.quantity());
                    touchedSlot = slot;
                    closeAs = kind == MovementKind.EXPIRED ? ReservationStore.EXPIRED : ReservationStore.CLOSED;
                    break;
                }
            }
        }
        if (touchedSlot >= 0 && reservations.openQuantity(touchedSlot) == 0)
        {
            reservations.close(touchedSlot, closeAs, engine.time());
        }
    }

    private void replayReserved(final MovementDecoder m, final int ordered, final int holder)
    {
        if (m.reservationId() <= 0 || m.lineCount() < 1 || m.lineCount() > MAX_LINES)
        {
            throw corrupt(m, "has reservation id " + m.reservationId() + " and " + m.lineCount() + " lines");
        }
        int slot = reservations.find(m.reservationId());
        if (m.line() == 0)
        {
            if (slot >= 0)
            {
                throw corrupt(m, "reserves id " + m.reservationId() + " which is already known");
            }
            slot = reservations.open(m.reservationId(), m.lineCount(), m.value());
        }
        else if (slot < 0 || reservations.state(slot) != ReservationStore.OPEN ||
            m.line() >= reservations.lineCount(slot))
        {
            throw corrupt(m, "adds line " + m.line() + " to reservation " + m.reservationId() +
                " which has no such open line");
        }
        reservations.setLine(slot, m.line(), ordered, holder, m.quantity());
        products.reservedHeld(holder, m.holderReservedHeld());
        products.addReservedOrdered(ordered, m.quantity());
    }

    private void checkProduct(final int product, final MovementDecoder m)
    {
        if (!products.contains(product))
        {
            throw corrupt(m, "names product index " + product + " but " + products.count() + " are registered");
        }
    }

    private static IllegalStateException corrupt(final MovementDecoder m, final String what)
    {
        return new IllegalStateException("movement " + m.kind() + " at sequence " + m.sequence() + " " + what +
            "; the journal is corrupt or belongs to another engine: run verify, or recover from a snapshot");
    }
}
