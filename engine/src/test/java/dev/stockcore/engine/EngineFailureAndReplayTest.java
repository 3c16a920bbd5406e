package dev.stockcore.engine;

import dev.stockcore.engine.movement.MovementBatchWriter;
import dev.stockcore.engine.movement.MovementKind;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What happens when the movement handler fails, and replay edge cases: the recorded retention, a time advance cut
 * between its batches, and corrupt batches.
 */
class EngineFailureAndReplayTest
{
    private final List<byte[]> batches = new ArrayList<>();
    private final OrderLines lines = new OrderLines();
    private boolean failNext;

    private final MovementHandler recorder = (buffer, offset, length) ->
    {
        if (failNext)
        {
            throw new IllegalStateException("disk full");
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        batches.add(copy);
    };

    @Test
    void shouldLeaveStateCompleteAndRefuseCommandsAfterTheHandlerThrows()
    {
        final StockEngine engine = new StockEngine(recorder);
        engine.addProduct("A");
        engine.adjust(0, 10, EngineLimits.NO_COST);
        engine.reserve(1, 0, lines.clear().add(0, 4));
        failNext = true;

        final IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> engine.release(1));
        assertEquals("disk full", thrown.getMessage());

        assertTrue(engine.isFailed());
        assertNull(engine.checkInvariants(), "the release was applied completely before the handler ran");
        assertEquals(Result.RESERVATION_CLOSED, engine.reservationState(1));
        assertEquals(10, engine.available(0));
        failNext = false;
        final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> engine.release(1));
        assertTrue(refused.getMessage().contains("recover"), refused.getMessage());
        assertThrows(IllegalStateException.class, () -> engine.advanceTime(5));
        assertEquals(3, batches.size(), "the failed release's batch was not recorded");
    }

    @Test
    void shouldForgetClosedIdsOnReplayByTheRetentionRecordedNotTheReplayersSetting()
    {
        final StockEngine live = new StockEngine(recorder, 16, 16, 1_000);
        live.addProduct("A");
        live.adjust(0, 10, EngineLimits.NO_COST);
        live.reserve(9, 0, lines.clear().add(0, 1));
        live.release(9);
        live.advanceTime(5_000);

        final StockEngine replayed = replay(new StockEngine(null), batches.size());
        assertEquals(live.stateHash(), replayed.stateHash());
        assertEquals(Result.UNKNOWN_RESERVATION, replayed.reservationState(9));
        assertEquals(Result.OK, replayed.reserve(9, 0, lines.clear().add(0, 1)));
    }

    @Test
    void shouldEmitNothingForARejectedTimeAdvance()
    {
        final StockEngine engine = new StockEngine(recorder);
        engine.advanceTime(10);
        final int before = batches.size();
        assertEquals(Result.INVALID_COMMAND, engine.advanceTime(9));
        assertEquals(Result.OK, engine.advanceTime(10));
        assertEquals(before, batches.size());
    }

    @Test
    void shouldCompleteATimeAdvanceCutBetweenItsBatchesWithExpirePending()
    {
        final StockEngine live = new StockEngine(recorder);
        live.addProduct("A");
        live.adjust(0, 10, EngineLimits.NO_COST);
        live.reserve(1, 100, lines.clear().add(0, 4));
        live.reserve(2, 100, lines.clear().add(0, 5));
        final int beforeTime = batches.size();
        live.advanceTime(100);
        assertEquals(beforeTime + 3, batches.size(), "TIME_ADVANCED, then one EXPIRED batch per reservation");

        // A crash right after the TIME_ADVANCED batch: both reservations are still open when replayed.
        final StockEngine recovered = replay(new StockEngine(null), beforeTime + 1);
        assertEquals(Result.OK, recovered.reservationState(1));
        assertEquals(1, recovered.available(0));

        assertEquals(2, recovered.expirePending());
        assertEquals(live.stateHash(), recovered.stateHash());
        assertEquals(Result.RESERVATION_EXPIRED, recovered.reservationState(2));
        assertEquals(0, recovered.expirePending());
    }

    @Test
    void shouldRejectReplayOfAMovementNamingAnUnregisteredProduct()
    {
        final StockEngine engine = new StockEngine(null);
        engine.addProduct("A");
        final MovementBatchWriter writer = new MovementBatchWriter();
        writer.reset();
        writer.append(engine.sequence() + 1, 0, MovementKind.ADJUSTED, 0, 1, 1, 0, 0, 777, 0, 777, 0);
        writer.finish();

        final IllegalStateException thrown = assertThrows(IllegalStateException.class,
            () -> engine.applyBatch(writer.buffer(), 0));
        assertTrue(thrown.getMessage().contains("product index 1"), thrown.getMessage());
        assertEquals(Result.OK, engine.addProduct("B"));
        assertEquals(0, engine.physical(1), "a later product must not inherit the corrupt record's stock");
    }

    @Test
    void shouldRejectReplayOfACommitForAnUnknownReservation()
    {
        final StockEngine engine = new StockEngine(null);
        engine.addProduct("A");
        final MovementBatchWriter writer = new MovementBatchWriter();
        writer.reset();
        writer.append(engine.sequence() + 1, 0, MovementKind.COMMITTED, 0, 0, 0, 0, 1, 1, 0, 0, 0);
        writer.finish();

        assertThrows(IllegalStateException.class, () -> engine.applyBatch(writer.buffer(), 0));
        assertFalse(engine.isFailed(), "a replay error is the caller's to handle, not a handler failure");
    }

    private StockEngine replay(final StockEngine engine, final int count)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        for (int i = 0; i < count; i++)
        {
            buffer.putBytes(0, batches.get(i));
            engine.applyBatch(buffer, 0);
        }
        return engine;
    }
}
