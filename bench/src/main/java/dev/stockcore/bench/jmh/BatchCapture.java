package dev.stockcore.bench.jmh;

import dev.stockcore.engine.MovementHandler;
import dev.stockcore.engine.movement.MovementDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A movement handler that records batches back to back in one preallocated buffer, with their offsets, so that
 * they can be appended or replayed later exactly as the engine produced them. No allocation; refuses a batch that
 * does not fit rather than growing.
 */
public final class BatchCapture implements MovementHandler
{
    private final UnsafeBuffer buffer;
    private final int[] offsets;
    private int batches;
    private int position;
    private long movements;

    /**
     * @param capacityBytes most bytes held.
     * @param maxBatches    most batches held.
     */
    public BatchCapture(final int capacityBytes, final int maxBatches)
    {
        buffer = new UnsafeBuffer(new byte[capacityBytes]);
        offsets = new int[maxBatches];
    }

    @Override
    public void onBatch(final DirectBuffer source, final int offset, final int length)
    {
        if (batches == offsets.length || position + length > buffer.capacity())
        {
            throw new IllegalStateException("batch capture is full at " + batches + " batches and " + position +
                " bytes; give it a larger capacity");
        }
        buffer.putBytes(position, source, offset, length);
        offsets[batches++] = position;
        position += length;
        movements += MovementDecoder.batchCount(source, offset);
    }

    /**
     * Forgets every batch recorded.
     */
    public void clear()
    {
        batches = 0;
        position = 0;
        movements = 0;
    }

    /**
     * @return the buffer holding the batches.
     */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * @param batch index, below {@link #batches()}.
     * @return offset of that batch in {@link #buffer()}.
     */
    public int offset(final int batch)
    {
        return offsets[batch];
    }

    /**
     * @param batch index, below {@link #batches()}.
     * @return length of that batch, header included.
     */
    public int length(final int batch)
    {
        return MovementDecoder.batchLength(buffer, offsets[batch]);
    }

    /**
     * @return batches recorded.
     */
    public int batches()
    {
        return batches;
    }

    /**
     * @return movements recorded, over all batches.
     */
    public long movements()
    {
        return movements;
    }
}
