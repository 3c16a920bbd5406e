package dev.stockcore.engine;

/**
 * Where {@link StockEngine#takeSnapshot(SnapshotSink)} streams the engine state; the journal implements
 * it over a checksummed file. Values are written in a fixed order and read back in the same order.
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
