package dev.stockcore.engine;

/**
 * Where {@link StockEngine#loadSnapshot(SnapshotSource)} reads engine state from, in the order
 * {@link SnapshotSink} received it; an implementation over a file reads each value little-endian, as the
 * sink wrote it.
 */
public interface SnapshotSource
{
    /** @return next long. */
    long getLong();

    /** @return next int. */
    int getInt();

    /** @return next byte. */
    byte getByte();
}
