package dev.stockcore.cli;

import dev.stockcore.engine.movement.MovementDecoder;
import dev.stockcore.engine.movement.MovementDescriptor;
import dev.stockcore.engine.movement.MovementKind;
import dev.stockcore.journal.Journal;
import dev.stockcore.journal.JournalException;
import org.agrona.DirectBuffer;

import java.io.PrintWriter;

/**
 * Prints the movements of the batches it is given, one {@link MovementLine} each, that pass the filters:
 * sequence at least {@code from}, a reservation id, a SKU as ordered or as holder. Learns the SKUs from the
 * PRODUCT_ADDED movements as it goes. Stops early when the output is gone (e.g. piped to {@code head}).
 */
final class MovementDump implements Journal.BatchConsumer
{
    private static final int CHECK_OUTPUT_EVERY = 1024;

    private final MovementDecoder decoder = new MovementDecoder();
    private final StringBuilder line = new StringBuilder(192);
    private final ProductNames names;
    private final PrintWriter out;
    private final long fromSequence;
    private final String sku;
    private final long reservationId;
    private int skuIndex;
    private boolean reservationFound;
    private long printed;
    private boolean outputClosed;

    /**
     * @param names         SKUs known before the first batch (from a snapshot); learns the others.
     * @param out           where the lines go.
     * @param fromSequence  first sequence printed.
     * @param sku           print only movements with this SKU as ordered or holder, or null for all.
     * @param reservationId print only movements of this reservation, or 0 for all.
     */
    MovementDump(final ProductNames names, final PrintWriter out, final long fromSequence, final String sku,
        final long reservationId)
    {
        this.names = names;
        this.out = out;
        this.fromSequence = fromSequence;
        this.sku = sku;
        this.reservationId = reservationId;
        this.skuIndex = sku == null ? -1 : names.indexOf(sku);
    }

    @Override
    public boolean onBatch(final long index, final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        decoder.wrapBatch(buffer, offset);
        while (decoder.next())
        {
            if (decoder.offset() + MovementDescriptor.MOVEMENT_LENGTH > end ||
                decoder.encodedLength() < MovementDescriptor.MOVEMENT_LENGTH ||
                decoder.offset() + decoder.encodedLength() > end)
            {
                throw new JournalException("excerpt at journal index " + index + " (0x" + Long.toHexString(index) +
                    ") holds a movement record past its end; the journal is corrupt: run verify for details");
            }
            if (decoder.kindCode() == MovementKind.PRODUCT_ADDED.code())
            {
                final String added = decoder.sku();
                names.learn(decoder.ordered(), added);
                if (added.equals(sku))
                {
                    skuIndex = decoder.ordered();
                }
            }
            if (reservationId != 0 && decoder.reservationId() == reservationId)
            {
                reservationFound = true;
            }
            if (matches())
            {
                line.setLength(0);
                out.append(MovementLine.append(decoder, names, line)).append('\n');
                if (++printed % CHECK_OUTPUT_EVERY == 0 && out.checkError())
                {
                    outputClosed = true;
                    return false;
                }
            }
        }
        return true;
    }

    /** @return the number of lines printed. */
    long printed()
    {
        return printed;
    }

    /** @return whether the SKU filter named a product the journal knows (true without that filter). */
    boolean skuFound()
    {
        return sku == null || skuIndex >= 0;
    }

    /**
     * @return whether a movement of the reservation filtered on was read, before {@code from} included (true
     * without that filter).
     */
    boolean reservationFound()
    {
        return reservationId == 0 || reservationFound;
    }

    /** @return whether the dump stopped because its output was closed. */
    boolean outputClosed()
    {
        return outputClosed;
    }

    private boolean matches()
    {
        if (decoder.sequence() < fromSequence)
        {
            return false;
        }
        if (reservationId != 0 && decoder.reservationId() != reservationId)
        {
            return false;
        }
        return sku == null || (skuIndex >= 0 && (decoder.ordered() == skuIndex || decoder.holder() == skuIndex));
    }
}
