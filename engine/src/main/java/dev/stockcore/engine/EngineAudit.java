package dev.stockcore.engine;

/**
 * Reads the engine's whole state to vouch for it: {@link #stateHash()}, a layout-independent 64-bit hash
 * that replay, snapshot and journal tests compare across engines, and {@link #checkInvariants()}, which
 * checks every product total against the open reservation lines. Both are O(products + reservation lines)
 * and off the command path; the hash allocates nothing, the invariant check allocates.
 * <p>
 * The hash is compared across engines that should hold the same state (a replay against a loaded
 * snapshot in the journal's verify, replay tests) and printed by recover for operators to compare, so what
 * it reads, and in which order, is part of its contract.
 */
final class EngineAudit
{
    private final EngineState engine;
    private final SkuTable skus;
    private final ProductTable products;
    private final ReservationStore reservations;

    EngineAudit(
        final EngineState engine, final SkuTable skus, final ProductTable products, final ReservationStore reservations)
    {
        this.engine = engine;
        this.skus = skus;
        this.products = products;
        this.reservations = reservations;
    }

    /**
     * See {@link StockEngine#stateHash()}.
     *
     * @return the hash.
     */
    long stateHash()
    {
        final int productCount = products.count();
        long hash = mix(engine.time()) * 31 + mix(engine.sequence());
        hash = hash * 31 + productCount;
        for (int p = 0; p < productCount; p++)
        {
            long h = skus.hash(p);
            h = h * 31 + products.physical(p);
            h = h * 31 + products.reservedHeld(p);
            h = h * 31 + products.reservedOrdered(p);
            h = h * 31 + products.averageCost(p);
            h = h * 31 + products.source(p);
            h = h * 31 + products.consumerCount(p);
            hash = hash * 31 + mix(h);
        }
        long reservationSum = 0;
        final int limit = reservations.slotLimit();
        for (int slot = 0; slot < limit; slot++)
        {
            final byte slotState = reservations.state(slot);
            if (slotState == ReservationStore.FREE)
            {
                continue;
            }
            long h = mix(reservations.id(slot)) * 31 + slotState;
            h = h * 31 + reservations.deadline(slot);
            if (slotState == ReservationStore.OPEN)
            {
                final int start = reservations.lineStart(slot);
                for (int l = start; l < start + reservations.lineCount(slot); l++)
                {
                    h = h * 31 + reservations.ordered(l);
                    h = h * 31 + reservations.holder(l);
                    h = h * 31 + reservations.remaining(l);
                }
            }
            reservationSum += mix(h);
        }
        return mix(hash * 31 + reservationSum);
    }

    /**
     * See {@link StockEngine#checkInvariants()}.
     *
     * @return null if all hold, else a description of the first violation found.
     */
    String checkInvariants()
    {
        final int productCount = products.count();
        final long[] heldByLines = new long[productCount];
        final long[] orderedByLines = new long[productCount];
        final String lines = checkReservationLines(heldByLines, orderedByLines);
        if (lines != null)
        {
            return lines;
        }
        final int[] consumers = new int[productCount];
        for (int p = 0; p < productCount; p++)
        {
            if (products.source(p) >= 0)
            {
                consumers[products.source(p)]++;
            }
        }
        for (int p = 0; p < productCount; p++)
        {
            final String sku = skus.sku(p);
            final long physical = products.physical(p);
            final long held = products.reservedHeld(p);
            final int source = products.source(p);
            if (held < 0 || held > physical)
            {
                return sku + ": reservedHeld " + held + " outside 0.." + physical;
            }
            if (held != heldByLines[p])
            {
                return sku + ": reservedHeld " + held + " but open lines hold " + heldByLines[p];
            }
            if (products.reservedOrdered(p) != orderedByLines[p])
            {
                return sku + ": reservedOrdered " + products.reservedOrdered(p) + " but open lines order " +
                    orderedByLines[p];
            }
            if (consumers[p] != products.consumerCount(p))
            {
                return sku + ": consumerCount " + products.consumerCount(p) + " but " + consumers[p] + " consumers";
            }
            if (source >= 0)
            {
                if (physical != 0)
                {
                    return sku + ": consumer with physical stock " + physical;
                }
                if (products.source(source) >= 0)
                {
                    return sku + ": chain through " + skus.sku(source);
                }
                if (products.consumerCount(p) != 0)
                {
                    return sku + ": consumer with consumers";
                }
            }
        }
        return null;
    }

    /**
     * Sums the open lines into per-product totals, checking each open reservation on the way.
     *
     * @return null if every open reservation is sound, else the first violation.
     */
    private String checkReservationLines(final long[] heldByLines, final long[] orderedByLines)
    {
        int open = 0;
        for (int slot = 0; slot < reservations.slotLimit(); slot++)
        {
            if (reservations.state(slot) != ReservationStore.OPEN)
            {
                continue;
            }
            open++;
            final int start = reservations.lineStart(slot);
            long total = 0;
            for (int l = start; l < start + reservations.lineCount(slot); l++)
            {
                final long remaining = reservations.remaining(l);
                if (remaining < 0)
                {
                    return "reservation " + reservations.id(slot) + " has a negative line";
                }
                total += remaining;
                heldByLines[reservations.holder(l)] += remaining;
                orderedByLines[reservations.ordered(l)] += remaining;
            }
            if (total == 0)
            {
                return "reservation " + reservations.id(slot) + " is open with nothing left";
            }
        }
        if (open != reservations.openCount())
        {
            return "open reservation count " + reservations.openCount() + " but " + open + " open slots";
        }
        return null;
    }

    /** A 64-bit finaliser (golden-ratio multiply, then xor-shift-multiply), so nearby values spread. */
    private static long mix(final long value)
    {
        long h = value * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 32);
    }
}
