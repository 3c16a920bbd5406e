package dev.stockcore.engine;

import org.agrona.ExpandableArrayBuffer;

/**
 * A snapshot held in memory, for tests: write with the sink side, then read back with the source side.
 */
public final class MemorySnapshot implements SnapshotSink, SnapshotSource
{
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1 << 16);
    private int writePosition;
    private int readPosition;

    /**
     * Snapshot of an engine.
     *
     * @param engine to copy.
     * @return the snapshot, ready to read.
     */
    public static MemorySnapshot of(final StockEngine engine)
    {
        final MemorySnapshot snapshot = new MemorySnapshot();
        engine.takeSnapshot(snapshot);
        return snapshot;
    }

    /**
     * A new engine loaded from this snapshot.
     *
     * @param handler   for the new engine.
     * @param retention of the new engine.
     * @return the engine.
     */
    public StockEngine load(final MovementHandler handler, final long retention)
    {
        final StockEngine engine = new StockEngine(handler, 4, 4, retention);
        readPosition = 0;
        engine.loadSnapshot(this);
        if (readPosition != writePosition)
        {
            throw new IllegalStateException("snapshot read " + readPosition + " of " + writePosition + " bytes");
        }
        return engine;
    }

    @Override
    public void putLong(final long value)
    {
        buffer.putLong(writePosition, value);
        writePosition += 8;
    }

    @Override
    public void putInt(final int value)
    {
        buffer.putInt(writePosition, value);
        writePosition += 4;
    }

    @Override
    public void putByte(final byte value)
    {
        buffer.putByte(writePosition, value);
        writePosition += 1;
    }

    @Override
    public long getLong()
    {
        final long value = buffer.getLong(readPosition);
        readPosition += 8;
        return value;
    }

    @Override
    public int getInt()
    {
        final int value = buffer.getInt(readPosition);
        readPosition += 4;
        return value;
    }

    @Override
    public byte getByte()
    {
        return buffer.getByte(readPosition++);
    }
}
