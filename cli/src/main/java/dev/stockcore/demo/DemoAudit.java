package dev.stockcore.demo;

import dev.stockcore.engine.Result;
import dev.stockcore.engine.StockEngine;
import dev.stockcore.engine.movement.MovementDecoder;
import dev.stockcore.engine.movement.MovementKind;
import dev.stockcore.journal.Journal;
import dev.stockcore.journal.JournaledEngine;
import dev.stockcore.journal.Recovery;
import org.agrona.DirectBuffer;
import org.agrona.collections.IntHashSet;
import org.agrona.collections.LongHashSet;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The demo's checks after a crash, read-only: recovers the state from the journal as a writer would on start,
 * reads every movement from the first, and checks that
 * <ul>
 *   <li>every acknowledged reservation is in the journal (a RESERVED movement) and known to the recovered engine;</li>
 *   <li>every acknowledged commit is in the journal (a COMMITTED movement) and its reservation is closed;</li>
 *   <li>never oversold: for every holder, after every movement, {@code 0 <= reservedHeld <= physical}, where
 *       physical is recomputed as adjustments and counts in minus commits, and reservedHeld as reserved minus
 *       committed, released and expired; both agree with what each movement recorded and with the recovered
 *       engine;</li>
 *   <li>the recovered engine's own invariants hold.</li>
 * </ul>
 */
public final class DemoAudit
{
    private DemoAudit()
    {
    }

    /**
     * What the audit found.
     *
     * @param reservationsChecked acknowledged reservations looked for.
     * @param reservationsLost    of those, missing from the journal or unknown to the recovered engine.
     * @param commitsChecked      acknowledged commits looked for.
     * @param commitsLost         of those, with no COMMITTED movement or a reservation not closed.
     * @param recoveryNanos       time the recovery took.
     * @param movementsReplayed   movements the recovery replayed after its snapshot.
     * @param fromSnapshot        whether the recovery started from a snapshot.
     * @param movementsChecked    movements read from the journal.
     * @param productsChecked     products whose stock was recomputed and compared.
     * @param oversold            products seen with {@code reservedHeld > physical} or {@code physical < 0}.
     * @param mismatches          products whose recomputed stock differs from a movement's or the engine's.
     * @param invariantViolation  the engine's first broken invariant, or null.
     * @param sourceAvailable     available units of the catalogue's source A at the end, -1 if not found.
     * @param consumerAvailable   available units through each of {@link DemoCatalogue#CONSUMERS}.
     */
    public record Report(
        long reservationsChecked,
        long reservationsLost,
        long commitsChecked,
        long commitsLost,
        long recoveryNanos,
        long movementsReplayed,
        boolean fromSnapshot,
        long movementsChecked,
        int productsChecked,
        int oversold,
        int mismatches,
        String invariantViolation,
        long sourceAvailable,
        long[] consumerAvailable)
    {
        /** @return true when nothing acknowledged was lost, nothing oversold, and everything agrees. */
        public boolean passed()
        {
            return reservationsLost == 0 && commitsLost == 0 && oversold == 0 && mismatches == 0 &&
                invariantViolation == null;
        }
    }

    /**
     * Runs the checks on a journal no writer holds.
     *
     * @param journalDir the journal.
     * @param reserved   reservation ids acknowledged OK.
     * @param committed  reservation ids whose commit was acknowledged OK.
     * @return what was found.
     * @throws dev.stockcore.journal.JournalException if the journal cannot be opened or recovered.
     */
    public static Report audit(final Path journalDir, final LongHashSet reserved, final LongHashSet committed)
    {
        try (Journal journal = Journal.openForReading(journalDir))
        {
            final Recovery.Outcome recovery = Recovery.recover(journal, new JournaledEngine.Context()::newEngine,
                Recovery.Progress.NONE);
            final StockEngine engine = recovery.engine();
            final Ledger ledger = new Ledger(engine.productCount());
            journal.read(-1, (index, buffer, offset, length) ->
            {
                ledger.onBatch(buffer, offset);
                return true;
            });

            long reservationsLost = 0;
            for (final LongHashSet.LongIterator it = reserved.iterator(); it.hasNext(); )
            {
                final long id = it.nextValue();
                if (!ledger.reserved.contains(id) || engine.reservationState(id) == Result.UNKNOWN_RESERVATION)
                {
                    reservationsLost++;
                }
            }
            long commitsLost = 0;
            for (final LongHashSet.LongIterator it = committed.iterator(); it.hasNext(); )
            {
                final long id = it.nextValue();
                if (!ledger.committed.contains(id) || engine.reservationState(id) != Result.RESERVATION_CLOSED)
                {
                    commitsLost++;
                }
            }

            final int products = engine.productCount();
            int mismatches = ledger.mismatched.size();
            int oversold = 0;
            for (int p = 0; p < products; p++)
            {
                if (engine.physical(p) != ledger.physical[p] || engine.reservedHeld(p) != ledger.reservedHeld[p])
                {
                    mismatches += ledger.mismatched.add(p) ? 1 : 0;
                }
                if (ledger.oversold[p] || engine.physical(p) < 0 || engine.reservedHeld(p) > engine.physical(p))
                {
                    oversold++;
                }
            }
            final long[] consumerAvailable = new long[DemoCatalogue.CONSUMERS.length];
            for (int i = 0; i < consumerAvailable.length; i++)
            {
                consumerAvailable[i] = available(engine, DemoCatalogue.CONSUMERS[i]);
            }
            return new Report(reserved.size(), reservationsLost, committed.size(), commitsLost, recovery.nanos(),
                recovery.movementsReplayed(), recovery.snapshot() != null, ledger.movements, products, oversold,
                mismatches, engine.checkInvariants(), available(engine, DemoCatalogue.SOURCE), consumerAvailable);
        }
    }

    private static long available(final StockEngine engine, final String sku)
    {
        final int product = engine.productIndex(sku);
        return product < 0 ? -1 : engine.available(product);
    }

    /**
     * Stock recomputed from the movements alone, per holder, checked against each movement as it goes.
     */
    private static final class Ledger
    {
        private final MovementDecoder decoder = new MovementDecoder();
        private final LongHashSet reserved = new LongHashSet();
        private final LongHashSet committed = new LongHashSet();
        private final IntHashSet mismatched = new IntHashSet();
        private long[] physical;
        private long[] reservedHeld;
        private boolean[] oversold;
        private long movements;

        Ledger(final int products)
        {
            physical = new long[Math.max(16, products)];
            reservedHeld = new long[physical.length];
            oversold = new boolean[physical.length];
        }

        void onBatch(final DirectBuffer buffer, final int offset)
        {
            for (decoder.wrapBatch(buffer, offset); decoder.next(); )
            {
                movements++;
                final MovementKind kind = decoder.kind();
                final int holder = decoder.holder();
                switch (kind)
                {
                    case ADJUSTED, COUNTED -> physical(holder)[holder] += decoder.quantity();
                    case RESERVED ->
                    {
                        reservedHeld(holder)[holder] += decoder.quantity();
                        reserved.add(decoder.reservationId());
                    }
                    case COMMITTED ->
                    {
                        physical(holder)[holder] -= decoder.quantity();
                        reservedHeld[holder] -= decoder.quantity();
                        committed.add(decoder.reservationId());
                    }
                    case RELEASED, EXPIRED -> reservedHeld(holder)[holder] -= decoder.quantity();
                    default ->
                    {
                        continue;
                    }
                }
                if (physical[holder] != decoder.holderPhysical() ||
                    reservedHeld[holder] != decoder.holderReservedHeld())
                {
                    mismatched.add(holder);
                }
                if (physical[holder] < 0 || reservedHeld[holder] < 0 || reservedHeld[holder] > physical[holder])
                {
                    oversold[holder] = true;
                }
            }
        }

        private long[] physical(final int holder)
        {
            grow(holder);
            return physical;
        }

        private long[] reservedHeld(final int holder)
        {
            grow(holder);
            return reservedHeld;
        }

        private void grow(final int holder)
        {
            if (holder >= physical.length)
            {
                final int length = Math.max(holder + 1, physical.length * 2);
                physical = Arrays.copyOf(physical, length);
                reservedHeld = Arrays.copyOf(reservedHeld, length);
                oversold = Arrays.copyOf(oversold, length);
            }
        }
    }
}
