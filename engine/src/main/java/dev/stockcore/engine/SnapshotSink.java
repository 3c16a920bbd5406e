package dev.stockcore.engine;

/**
 * Where {@link StockEngine#takeSnapshot(SnapshotSink)} streams the engine state; the journal implements
 * it over a checksummed file. Values are written in a fixed order and read back in the same order.
 * <p>
 * An implementation that persists the values or sends them to another process writes each one
 * little-endian (the journal's {@code SnapshotStore} does, through a {@code ByteBuffer} ordered
 * {@code LITTLE_ENDIAN}), so a snapshot means the same on every machine; {@link SnapshotSource} reads them
 * back the same way.
 */
public interface SnapshotSink
{
    /**
     * @param value next long.
     */
    void putLong(long value);

    /**
     * @param value next int.
     */
    void putInt(int value);

    /**
     * @param value next byte.
     */
    void putByte(byte value);
}
