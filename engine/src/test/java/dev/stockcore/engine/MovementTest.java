package dev.stockcore.engine;

import dev.stockcore.engine.movement.MovementDecoder;
import dev.stockcore.engine.movement.MovementDescriptor;
import dev.stockcore.engine.movement.MovementKind;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.stockcore.engine.EngineLimits.NO_COST;
import static dev.stockcore.engine.EngineLimits.NO_TTL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The movements the engine emits, captured batch by batch and read back with {@link MovementDecoder},
 * and the replay of those batches onto a fresh engine.
 */
class MovementTest
{
    private static final long RETENTION = 1_000;

    private final BatchCapture captured = new BatchCapture();
    private final StockEngine engine = new StockEngine(captured, 4, 4, RETENTION);
    private final OrderLines lines = new OrderLines();
    private int a;
    private int b;
    private int c;

    @BeforeEach
    void registerProducts()
    {
        assertEquals(Result.OK, engine.addProduct("A"));
        assertEquals(Result.OK, engine.addProduct("B"));
        assertEquals(Result.OK, engine.addProduct("C"));
        a = engine.productIndex("A");
        b = engine.productIndex("B");
        c = engine.productIndex("C");
    }

    @Test
    void shouldEmitOneReservedMovementNamingOrderedAndHolder()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.link(b, a));
        assertEquals(Result.OK, engine.advanceTime(500));
        captured.clear();

        assertEquals(Result.OK, engine.reserve(42, NO_TTL, lines.clear().add(b, 4)));

        assertEquals(1, captured.batchCount());
        final List<Movement> batch = captured.batch(0);
        assertEquals(1, batch.size());
        final Movement m = batch.get(0);
        assertEquals(MovementKind.RESERVED, m.kind);
        assertEquals(engine.sequence(), m.sequence);
        assertEquals(500, m.time);
        assertEquals(42, m.reservationId);
        assertEquals(b, m.ordered);
        assertEquals(a, m.holder);
        assertEquals(4, m.quantity);
        assertEquals(10, m.holderPhysical);
        assertEquals(4, m.holderReservedHeld);
        assertEquals(0, m.line);
        assertEquals(1, m.lineCount);
    }

    @Test
    void shouldRecordNoDeadlineForReservationWithoutTtl()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        captured.clear();

        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 1)));
        assertEquals(-1, captured.batch(0).get(0).value);
    }

    @Test
    void shouldRecordDeadlineOfReservationWithTtl()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.advanceTime(700));
        captured.clear();

        assertEquals(Result.OK, engine.reserve(1, 300, lines.clear().add(a, 1)));
        assertEquals(1_000, captured.batch(0).get(0).value);
    }

    @Test
    void shouldEmitOneMovementPerLineOfMultiLineReservationInOneBatch()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.adjust(c, 20, NO_COST));
        assertEquals(Result.OK, engine.link(b, a));
        captured.clear();

        assertEquals(Result.OK, engine.reserve(7, NO_TTL, lines.clear().add(b, 2).add(c, 5).add(a, 3)));

        assertEquals(1, captured.batchCount());
        final List<Movement> batch = captured.batch(0);
        assertEquals(3, batch.size());
        assertMovement(batch.get(0), MovementKind.RESERVED, b, a, 0, 2, 10, 2);
        assertMovement(batch.get(1), MovementKind.RESERVED, c, c, 1, 5, 20, 5);
        assertMovement(batch.get(2), MovementKind.RESERVED, a, a, 2, 3, 10, 5);
        for (final Movement m : batch)
        {
            assertEquals(7, m.reservationId);
            assertEquals(3, m.lineCount);
        }
    }

    @Test
    void shouldEmitCommittedMovementWithWhatIsLeftOnLine()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.link(b, a));
        assertEquals(Result.OK, engine.reserve(3, NO_TTL, lines.clear().add(b, 5)));
        captured.clear();

        assertEquals(Result.OK, engine.commit(3, lines.clear().add(b, 2)));

        assertEquals(1, captured.batchCount());
        final Movement m = single(captured.batch(0));
        assertMovement(m, MovementKind.COMMITTED, b, a, 0, 2, 8, 3);
        assertEquals(3, m.reservationId);
        assertEquals(3, m.value);
    }

    @Test
    void shouldEmitReleasedMovementPerLineWithRemainingQuantity()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.adjust(c, 10, NO_COST));
        assertEquals(Result.OK, engine.reserve(3, NO_TTL, lines.clear().add(a, 5).add(c, 4)));
        assertEquals(Result.OK, engine.commit(3, lines.clear().add(c, 4)));
        captured.clear();

        assertEquals(Result.OK, engine.release(3));

        assertEquals(1, captured.batchCount());
        final Movement m = single(captured.batch(0));
        assertMovement(m, MovementKind.RELEASED, a, a, 0, 5, 10, 0);
        assertEquals(0, m.value);
    }

    @Test
    void shouldEmitAdjustedMovementWithDeltaAndAverageCost()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, 1_0000L));
        captured.clear();

        assertEquals(Result.OK, engine.adjust(a, 30, 2_0000L));

        final Movement m = single(captured.batch(0));
        assertMovement(m, MovementKind.ADJUSTED, a, a, 0, 30, 40, 0);
        assertEquals(1_7500L, m.value);
        assertEquals(0, m.reservationId);
    }

    @Test
    void shouldEmitCountedMovementWithSignedChange()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, 1_0000L));
        captured.clear();

        assertEquals(Result.OK, engine.count(a, 4, NO_COST));

        final Movement m = single(captured.batch(0));
        assertMovement(m, MovementKind.COUNTED, a, a, 0, -6, 4, 0);
        assertEquals(1_0000L, m.value);
    }

    @Test
    void shouldEmitLinkedMovementWithConsumerCount()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.link(c, a));
        captured.clear();

        assertEquals(Result.OK, engine.link(b, a));

        final Movement m = single(captured.batch(0));
        assertMovement(m, MovementKind.LINKED, b, a, 0, 0, 10, 0);
        assertEquals(2, m.value);
    }

    @Test
    void shouldEmitUnlinkedMovementWithConsumerCount()
    {
        assertEquals(Result.OK, engine.link(b, a));
        captured.clear();

        assertEquals(Result.OK, engine.unlink(b));

        final Movement m = single(captured.batch(0));
        assertEquals(MovementKind.UNLINKED, m.kind);
        assertEquals(b, m.ordered);
        assertEquals(a, m.holder);
        assertEquals(0, m.value);
    }

    @Test
    void shouldCarrySkuInProductAdded()
    {
        captured.clear();

        assertEquals(Result.OK, engine.addProduct("SKU-42.x_y"));

        assertEquals(1, captured.batchCount());
        final Movement m = single(captured.batch(0));
        assertEquals(MovementKind.PRODUCT_ADDED, m.kind);
        assertEquals("SKU-42.x_y", m.sku);
        assertEquals(3, m.ordered);
        assertEquals(3, m.holder);
        assertEquals(10, m.value);
        assertEquals(MovementDescriptor.recordLength(10), m.encodedLength);
        assertEquals(MovementDescriptor.BATCH_HEADER_LENGTH + MovementDescriptor.MOVEMENT_LENGTH + 16,
            captured.bytes(0).length);
    }

    @Test
    void shouldNumberMovementsGapFreeFromOne()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.adjust(c, 10, NO_COST));
        assertEquals(Result.OK, engine.link(b, a));
        assertEquals(Result.INSUFFICIENT_STOCK, engine.reserve(1, NO_TTL, lines.clear().add(a, 11)));
        assertEquals(Result.OK, engine.reserve(1, 100, lines.clear().add(a, 2).add(b, 3).add(c, 4)));
        assertEquals(Result.OK, engine.reserve(2, NO_TTL, lines.clear().add(c, 1)));
        assertEquals(Result.OK, engine.commit(1, lines.clear().add(c, 1)));
        assertEquals(Result.LINE_NOT_FOUND, engine.commit(2, lines.clear().add(a, 1)));
        assertEquals(Result.OK, engine.advanceTime(100));
        assertEquals(Result.OK, engine.release(2));
        assertEquals(Result.OK, engine.unlink(b));

        long expected = 1;
        for (int i = 0; i < captured.batchCount(); i++)
        {
            for (final Movement m : captured.batch(i))
            {
                assertEquals(expected++, m.sequence, "batch " + i);
            }
        }
        assertEquals(expected - 1, engine.sequence());
        assertEquals(17, engine.sequence());
    }

    static Stream<Arguments> rejectedCommands()
    {
        return Stream.of(
            rejected("duplicate product", e -> e.addProduct("A")),
            rejected("invalid sku", e -> e.addProduct("not valid")),
            rejected("adjust below reserved", e -> e.adjust(0, -9, NO_COST)),
            rejected("adjust of zero", e -> e.adjust(0, 0, NO_COST)),
            rejected("adjust of consumer", e -> e.adjust(1, 5, NO_COST)),
            rejected("count below reserved", e -> e.count(0, 1, NO_COST)),
            rejected("self link", e -> e.link(2, 2)),
            rejected("link of consumer with stock", e -> e.link(2, 0)),
            rejected("chain", e -> e.link(2, 1)),
            rejected("unlink of standalone", e -> e.unlink(2)),
            rejected("time backwards", e -> e.advanceTime(99)),
            rejected("duplicate reservation", e -> e.reserve(1, NO_TTL, new OrderLines().add(2, 1))),
            rejected("insufficient stock", e -> e.reserve(5, NO_TTL, new OrderLines().add(1, 8))),
            rejected("unknown product", e -> e.reserve(5, NO_TTL, new OrderLines().add(-1, 1))),
            rejected("commit of unknown", e -> e.commit(5, new OrderLines())),
            rejected("commit of line not found", e -> e.commit(1, new OrderLines().add(2, 1))),
            rejected("commit of more than left", e -> e.commit(1, new OrderLines().add(1, 4))),
            rejected("commit of closed", e -> e.commit(2, new OrderLines())),
            rejected("release of closed", e -> e.release(2)),
            rejected("release of unknown", e -> e.release(5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedCommands")
    void shouldEmitNothingForRejectedCommand(final String name, final Function<StockEngine, Result> command)
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.adjust(c, 10, NO_COST));
        assertEquals(Result.OK, engine.link(b, a));
        assertEquals(Result.OK, engine.advanceTime(100));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(b, 3)));
        assertEquals(Result.OK, engine.reserve(2, NO_TTL, lines.clear().add(a, 1)));
        assertEquals(Result.OK, engine.release(2));
        captured.clear();
        final long sequenceBefore = engine.sequence();
        final long hashBefore = engine.stateHash();

        final Result result = command.apply(engine);

        assertNotEquals(Result.OK, result);
        assertEquals(0, captured.batchCount());
        assertEquals(sequenceBefore, engine.sequence());
        assertEquals(hashBefore, engine.stateHash());
    }

    @Test
    void shouldEmitTimeAdvancedBatchWithPreviousTime()
    {
        assertEquals(Result.OK, engine.advanceTime(250));
        captured.clear();

        assertEquals(Result.OK, engine.advanceTime(900));

        assertEquals(1, captured.batchCount());
        final Movement m = single(captured.batch(0));
        assertEquals(MovementKind.TIME_ADVANCED, m.kind);
        assertEquals(900, m.time);
        assertEquals(250, m.value);
        assertEquals(-1, m.ordered);
        assertEquals(-1, m.holder);
    }

    @Test
    void shouldEmitNothingWhenTimeStandsStill()
    {
        assertEquals(Result.OK, engine.advanceTime(250));
        captured.clear();

        assertEquals(Result.OK, engine.advanceTime(250));
        assertEquals(0, captured.batchCount());
    }

    @Test
    void shouldEmitTimeAdvancedThenOneExpiredBatchPerExpiredReservation()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.adjust(c, 10, NO_COST));
        assertEquals(Result.OK, engine.link(b, a));
        assertEquals(Result.OK, engine.reserve(1, 100, lines.clear().add(a, 2).add(c, 3)));
        assertEquals(Result.OK, engine.reserve(2, 50, lines.clear().add(b, 4)));
        assertEquals(Result.OK, engine.reserve(3, 101, lines.clear().add(c, 1)));
        assertEquals(Result.OK, engine.reserve(4, NO_TTL, lines.clear().add(c, 1)));
        captured.clear();

        assertEquals(Result.OK, engine.advanceTime(100));

        assertEquals(3, captured.batchCount());
        assertEquals(MovementKind.TIME_ADVANCED, single(captured.batch(0)).kind);
        final Set<Long> expiredIds = new HashSet<>();
        for (int i = 1; i < 3; i++)
        {
            final List<Movement> batch = captured.batch(i);
            final long reservationId = batch.get(0).reservationId;
            assertTrue(expiredIds.add(reservationId), "one batch per reservation");
            for (final Movement m : batch)
            {
                assertEquals(MovementKind.EXPIRED, m.kind);
                assertEquals(reservationId, m.reservationId);
                assertEquals(100, m.time);
                assertEquals(0, m.value);
            }
        }
        assertEquals(Set.of(1L, 2L), expiredIds);
    }

    @Test
    void shouldEmitExpiredMovementPerLineWithHolderAfter()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.link(b, a));
        assertEquals(Result.OK, engine.reserve(1, 100, lines.clear().add(b, 4).add(a, 2)));
        captured.clear();

        assertEquals(Result.OK, engine.advanceTime(100));

        final List<Movement> expired = captured.batch(1);
        assertEquals(2, expired.size());
        assertMovement(expired.get(0), MovementKind.EXPIRED, b, a, 0, 4, 10, 2);
        assertMovement(expired.get(1), MovementKind.EXPIRED, a, a, 1, 2, 10, 0);
    }

    @Test
    void shouldEmitOneBatchPerAcceptedCommand()
    {
        assertEquals(Result.OK, engine.adjust(a, 10, NO_COST));
        assertEquals(Result.OK, engine.adjust(c, 10, NO_COST));
        captured.clear();

        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 1).add(c, 1)));
        assertEquals(Result.OK, engine.commit(1, lines.clear()));

        assertEquals(2, captured.batchCount());
        assertEquals(2, captured.batch(0).size());
        assertEquals(2, captured.batch(1).size());
    }

    @Test
    void shouldRebuildEqualStateByReplayingBatches()
    {
        runMixedScenario();

        final StockEngine replayed = replay(captured.batchCount());

        assertEquals(engine.stateHash(), replayed.stateHash());
        assertEquals(engine.sequence(), replayed.sequence());
        assertEquals(engine.time(), replayed.time());
        assertNull(replayed.checkInvariants());
        for (int p = 0; p < engine.productCount(); p++)
        {
            assertEquals(engine.sku(p), replayed.sku(p));
            assertEquals(engine.physical(p), replayed.physical(p));
            assertEquals(engine.available(p), replayed.available(p));
            assertEquals(engine.reservedOrdered(p), replayed.reservedOrdered(p));
            assertEquals(engine.averageCost(p), replayed.averageCost(p));
            assertEquals(engine.source(p), replayed.source(p));
        }
    }

    @Test
    void shouldAnswerReplayedEngineLikeOriginalAfterReplay()
    {
        runMixedScenario();
        final StockEngine replayed = replay(captured.batchCount());

        for (final StockEngine e : new StockEngine[]{ engine, replayed })
        {
            assertEquals(Result.DUPLICATE_RESERVATION, e.reserve(11, NO_TTL, lines.clear().add(0, 1)));
            assertEquals(Result.RESERVATION_EXPIRED, e.commit(12, lines.clear()));
            assertEquals(Result.OK, e.advanceTime(e.time() + RETENTION));
            assertEquals(Result.OK, e.reserve(11, NO_TTL, lines.clear().add(0, 1)));
        }
        assertEquals(engine.stateHash(), replayed.stateHash());
    }

    @Test
    void shouldChangeStateHashWhenStateChanges()
    {
        final long before = engine.stateHash();

        assertEquals(Result.OK, engine.adjust(a, 1, NO_COST));
        assertNotEquals(before, engine.stateHash());
    }

    @Test
    void shouldRejectBatchWhoseSequenceDoesNotFollow()
    {
        final StockEngine fresh = new StockEngine(null, 4, 4, RETENTION);
        final UnsafeBuffer second = new UnsafeBuffer(captured.bytes(1));

        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> fresh.applyBatch(second, 0));
        assertTrue(ex.getMessage().contains("sequence 2"), ex.getMessage());
        assertEquals(0, fresh.sequence());
        assertEquals(0, fresh.productCount());
    }

    @Test
    void shouldRejectBatchReplayedTwice()
    {
        final StockEngine fresh = new StockEngine(null, 4, 4, RETENTION);
        final UnsafeBuffer first = new UnsafeBuffer(captured.bytes(0));
        fresh.applyBatch(first, 0);

        assertThrows(IllegalStateException.class, () -> fresh.applyBatch(first, 0));
        assertEquals(1, fresh.sequence());
        assertEquals(1, fresh.productCount());
    }

    @Test
    void shouldApplyBatchAtOffsetInLargerBuffer()
    {
        final byte[] batch = captured.bytes(0);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[batch.length + 40]);
        buffer.putBytes(40, batch);
        final StockEngine fresh = new StockEngine(null, 4, 4, RETENTION);

        fresh.applyBatch(buffer, 40);
        assertEquals("A", fresh.sku(0));
        assertEquals(1, fresh.sequence());
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    /**
     * Touches every kind of movement, closes reservations every way and lets retention forget some.
     * Leaves 11 retained (released), 12 retained (expired) and 13 open.
     */
    private void runMixedScenario()
    {
        assertEquals(Result.OK, engine.addProduct("D"));
        final int d = engine.productIndex("D");
        assertEquals(Result.OK, engine.adjust(a, 100, 2_5000L));
        assertEquals(Result.OK, engine.adjust(a, 50, 3_1234L));
        assertEquals(Result.OK, engine.adjust(c, 40, NO_COST));
        assertEquals(Result.OK, engine.count(c, 60, 1_0001L));
        assertEquals(Result.OK, engine.count(c, 55, NO_COST));
        assertEquals(Result.OK, engine.link(b, a));
        assertEquals(Result.OK, engine.link(d, a));
        assertEquals(Result.OK, engine.reserve(1, 300, lines.clear().add(b, 5).add(a, 5).add(c, 5)));
        assertEquals(Result.OK, engine.reserve(2, NO_TTL, lines.clear().add(d, 7)));
        assertEquals(Result.OK, engine.commit(1, lines.clear().add(b, 2).add(c, 5)));
        assertEquals(Result.OK, engine.release(2));
        assertEquals(Result.OK, engine.unlink(d));
        assertEquals(Result.OK, engine.advanceTime(300));
        assertEquals(Result.OK, engine.reserve(3, NO_TTL, lines.clear().add(b, 1)));
        assertEquals(Result.OK, engine.unlink(b));
        assertEquals(Result.OK, engine.commit(3, lines.clear()));
        assertEquals(Result.OK, engine.advanceTime(1_300));
        assertEquals(Result.OK, engine.reserve(1, NO_TTL, lines.clear().add(a, 1)));
        assertEquals(Result.OK, engine.reserve(11, NO_TTL, lines.clear().add(a, 2)));
        assertEquals(Result.OK, engine.release(11));
        assertEquals(Result.OK, engine.reserve(12, 10, lines.clear().add(c, 3)));
        assertEquals(Result.OK, engine.reserve(13, 10_000, lines.clear().add(c, 4).add(a, 1)));
        assertEquals(Result.OK, engine.advanceTime(1_400));
        assertEquals(Result.OK, engine.commit(1, lines.clear()));
        assertEquals(Result.OK, engine.link(d, c));
        assertEquals(Result.RESERVATION_EXPIRED, engine.reservationState(12));
        assertEquals(Result.RESERVATION_CLOSED, engine.reservationState(11));
        assertEquals(Result.OK, engine.reservationState(13));
        assertNull(engine.checkInvariants());
    }

    private StockEngine replay(final int batchCount)
    {
        final StockEngine replayed = new StockEngine(null, 4, 4, RETENTION);
        for (int i = 0; i < batchCount; i++)
        {
            replayed.applyBatch(new UnsafeBuffer(captured.bytes(i)), 0);
        }
        return replayed;
    }

    private static Arguments rejected(final String name, final Function<StockEngine, Result> command)
    {
        return Arguments.of(name, command);
    }

    private static Movement single(final List<Movement> batch)
    {
        assertEquals(1, batch.size());
        return batch.get(0);
    }

    private static void assertMovement(
        final Movement m,
        final MovementKind kind,
        final int ordered,
        final int holder,
        final int line,
        final long quantity,
        final long holderPhysical,
        final long holderReservedHeld)
    {
        assertEquals(kind, m.kind);
        assertEquals(ordered, m.ordered);
        assertEquals(holder, m.holder);
        assertEquals(line, m.line);
        assertEquals(quantity, m.quantity);
        assertEquals(holderPhysical, m.holderPhysical);
        assertEquals(holderReservedHeld, m.holderReservedHeld);
    }

    /** One decoded movement record, as plain values for assertions. */
    private static final class Movement
    {
        final long sequence;
        final long time;
        final MovementKind kind;
        final long reservationId;
        final int ordered;
        final int holder;
        final int line;
        final int lineCount;
        final long quantity;
        final long value;
        final long holderPhysical;
        final long holderReservedHeld;
        final String sku;
        final int encodedLength;

        Movement(final MovementDecoder decoder)
        {
            sequence = decoder.sequence();
            time = decoder.time();
            kind = decoder.kind();
            reservationId = decoder.reservationId();
            ordered = decoder.ordered();
            holder = decoder.holder();
            line = decoder.line();
            lineCount = decoder.lineCount();
            quantity = decoder.quantity();
            value = decoder.value();
            holderPhysical = decoder.holderPhysical();
            holderReservedHeld = decoder.holderReservedHeld();
            sku = decoder.sku();
            encodedLength = decoder.encodedLength();
        }
    }

    /** Copies every batch (the engine reuses its buffer) and decodes them on demand. */
    private static final class BatchCapture implements MovementHandler
    {
        private final List<byte[]> batches = new ArrayList<>();
        private final MovementDecoder decoder = new MovementDecoder();

        @Override
        public void onBatch(final DirectBuffer buffer, final int offset, final int length)
        {
            assertEquals(length, MovementDecoder.batchLength(buffer, offset));
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            batches.add(copy);
        }

        void clear()
        {
            batches.clear();
        }

        int batchCount()
        {
            return batches.size();
        }

        byte[] bytes(final int index)
        {
            return batches.get(index);
        }

        List<Movement> batch(final int index)
        {
            final byte[] bytes = batches.get(index);
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            final List<Movement> movements = new ArrayList<>();
            int end = MovementDescriptor.BATCH_HEADER_LENGTH;
            for (decoder.wrapBatch(buffer, 0); decoder.next(); )
            {
                movements.add(new Movement(decoder));
                end = decoder.offset() + decoder.encodedLength();
            }
            assertEquals(bytes.length, end, "records must fill the batch exactly");
            return movements;
        }
    }
}
