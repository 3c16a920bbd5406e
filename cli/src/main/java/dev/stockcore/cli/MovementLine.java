package dev.stockcore.cli;

import dev.stockcore.engine.movement.MovementDecoder;
import dev.stockcore.engine.movement.MovementKind;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Locale;

/**
 * The dump's line for one movement: space-separated {@code key=value} fields, always all of them, always in
 * this order (a stable format for {@code grep}, {@code awk} and diffs):
 * <pre>
 * seq=12 time=1970-01-01T00:00:00.005Z kind=RESERVED reservation=7 ordered=B holder=A qty=3 physical=10 reserved=3
 * </pre>
 * <ul>
 * <li>{@code seq}: the movement's sequence number (gap-free from 1);</li>
 * <li>{@code time}: engine time, ISO-8601 UTC, always with milliseconds;</li>
 * <li>{@code kind}: the {@link MovementKind} name ({@code UNKNOWN-<code>} for a code this build does not know);</li>
 * <li>{@code reservation}: the reservation id, {@code -} for none;</li>
 * <li>{@code ordered}: SKU as ordered (the order view: B for a virtual product), {@code -} for none;</li>
 * <li>{@code holder}: SKU holding the physical stock (the invoice view: A), {@code -} for none;</li>
 * <li>{@code qty}: the movement's quantity (signed for ADJUSTED and COUNTED; for TIME_ADVANCED the
 *     retention of closed reservation ids in force);</li>
 * <li>{@code physical}, {@code reserved}: the holder's physical stock and its reservedHeld (the quantity open
 *     reservations hold against it) after the movement.</li>
 * </ul>
 * A product the reader never saw registered (a pruned journal without a snapshot) prints as {@code #<index>}.
 */
final class MovementLine
{
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder().appendInstant(3).toFormatter(Locale.ROOT);

    private MovementLine()
    {
    }

    /**
     * Appends the line for the movement the decoder is on, without a line separator.
     *
     * @param movement decoder positioned on a movement.
     * @param names    product index to SKU.
     * @param out      where to append.
     * @return out.
     */
    static StringBuilder append(final MovementDecoder movement, final ProductNames names, final StringBuilder out)
    {
        out.append("seq=").append(movement.sequence());
        out.append(" time=");
        TIME.formatTo(Instant.ofEpochMilli(movement.time()), out);
        final MovementKind kind = movement.kind();
        out.append(" kind=");
        if (kind != null)
        {
            out.append(kind.name());
        }
        else
        {
            out.append("UNKNOWN-").append(movement.kindCode());
        }
        out.append(" reservation=");
        if (movement.reservationId() == 0)
        {
            out.append('-');
        }
        else
        {
            out.append(movement.reservationId());
        }
        names.append(movement.ordered(), out.append(" ordered="));
        names.append(movement.holder(), out.append(" holder="));
        out.append(" qty=").append(movement.quantity());
        out.append(" physical=").append(movement.holderPhysical());
        out.append(" reserved=").append(movement.holderReservedHeld());
        return out;
    }
}
