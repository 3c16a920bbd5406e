package dev.stockcore.engine;

/**
 * Where {@link StockEngine#loadSnapshot(SnapshotSource)} reads engine state from, in the order
 * {@link SnapshotSink} received it.
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
