package dev.stockcore.engine;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The snapshot layout, version {@link StockEngine#SNAPSHOT_VERSION}, byte for byte: the expected bytes and
 * hash were produced by the engine before {@link EngineSnapshot} and {@link EngineAudit} were carved out of
 * it, so a snapshot written by an older build keeps loading and the hash keeps its value. The test sink
 * writes little-endian, as the journal's snapshot file does.
 */
class EngineSnapshotTest
{
    /** Three products (one linked), two open reservations, one released and one expired, at time 20. */
    private static final String KNOWN_SNAPSHOT =
        "0100000014000000000000001000000000000000e8030000000000000300000003412d31640000000000000005000000" +
        "000000000300000000000000d43000000000000001000000ffffffff03422e3200000000000000000000000000000000" +
        "02000000000000000000000000000000000000000000000003435f330600000000000000030000000000000003000000" +
        "00000000000000000000000000000000ffffffff020000000b00000000000000fe010000000000000200000000000000" +
        "000000000300000000000000010000000000000002000000000000000c00000000000000ffffffffffffffff01000000" +
        "02000000020000000300000000000000020000000d00000000000000020a000000000000000e00000000000000031400" +
        "000000000000";
    private static final long KNOWN_STATE_HASH = 8827551094467959003L;

    @Test
    void shouldWriteTheKnownStateByteForByte()
    {
        assertArrayEquals(HexFormat.of().parseHex(KNOWN_SNAPSHOT), snapshotOf(knownState()));
    }

    @Test
    void shouldKeepTheStateHashOfTheKnownState()
    {
        assertEquals(KNOWN_STATE_HASH, knownState().stateHash());
    }

    @Test
    void shouldLoadASnapshotWrittenBeforeTheCodecMoved()
    {
        final ByteBuffer bytes = ByteBuffer.wrap(HexFormat.of().parseHex(KNOWN_SNAPSHOT)).order(ByteOrder.LITTLE_ENDIAN);
        final StockEngine engine = new StockEngine(null, 4, 4, 1_000);

        engine.loadSnapshot(new LittleEndianSnapshot(bytes));

        assertEquals(0, bytes.remaining());
        assertEquals(KNOWN_STATE_HASH, engine.stateHash());
        assertNull(engine.checkInvariants());
        assertEquals(20, engine.time());
        assertEquals(16, engine.sequence());
        assertEquals(0, engine.holder(1));
        assertEquals(95, engine.available(1));
        assertEquals(2, engine.openQuantity(11, 1));
        assertEquals(3, engine.openQuantity(12, 2));
        assertEquals(Result.RESERVATION_CLOSED, engine.reservationState(13));
        assertEquals(Result.RESERVATION_EXPIRED, engine.reservationState(14));
        assertArrayEquals(HexFormat.of().parseHex(KNOWN_SNAPSHOT), snapshotOf(engine));
    }

    private static StockEngine knownState()
    {
        final StockEngine engine = new StockEngine(null, 4, 4, 1_000);
        final OrderLines lines = new OrderLines();
        engine.addProduct("A-1");
        engine.addProduct("B.2");
        engine.addProduct("C_3");
        engine.adjust(0, 100, 12_500);
        engine.adjust(2, 7, EngineLimits.NO_COST);
        engine.link(1, 0);
        engine.advanceTime(10);
        engine.reserve(11, 500, lines.clear().add(0, 3).add(1, 2));
        engine.reserve(12, EngineLimits.NO_TTL, lines.clear().add(2, 4));
        engine.commit(12, lines.clear().add(2, 1));
        engine.reserve(13, 100, lines.clear().add(1, 5));
        engine.release(13);
        engine.reserve(14, 5, lines.clear().add(0, 1));
        engine.advanceTime(20);
        return engine;
    }

    private static byte[] snapshotOf(final StockEngine engine)
    {
        final ByteBuffer bytes = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        engine.takeSnapshot(new LittleEndianSnapshot(bytes));
        final byte[] written = new byte[bytes.position()];
        bytes.flip().get(written);
        return written;
    }

    /** Sink and source over a little-endian {@link ByteBuffer}. */
    private static final class LittleEndianSnapshot implements SnapshotSink, SnapshotSource
    {
        private final ByteBuffer bytes;

        LittleEndianSnapshot(final ByteBuffer bytes)
        {
            this.bytes = bytes;
        }

        @Override
        public void putLong(final long value)
        {
            bytes.putLong(value);
        }

        @Override
        public void putInt(final int value)
        {
            bytes.putInt(value);
        }

        @Override
        public void putByte(final byte value)
        {
            bytes.put(value);
        }

        @Override
        public long getLong()
        {
            return bytes.getLong();
        }

        @Override
        public int getInt()
        {
            return bytes.getInt();
        }

        @Override
        public byte getByte()
        {
            return bytes.get();
        }
    }
}
