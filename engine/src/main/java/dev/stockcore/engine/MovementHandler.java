package dev.stockcore.engine;

import org.agrona.DirectBuffer;

/**
 * Receives the movements of every accepted command, one batch per command, in sequence order.
 * The batch bytes follow {@link dev.stockcore.engine.movement.MovementDescriptor}; read them with a
 * {@link dev.stockcore.engine.movement.MovementDecoder}. The buffer is reused after the call returns,
 * so a handler that keeps the batch must copy it.
 */
@FunctionalInterface
public interface MovementHandler
{
    /** A handler that ignores movements. */
    MovementHandler NONE = (buffer, offset, length) -> {};

    /**
     * One command's movements, to be stored atomically.
     *
     * @param buffer holding the batch.
     * @param offset of the batch header.
     * @param length of the batch in bytes, header included.
     */
    void onBatch(DirectBuffer buffer, int offset, int length);
}
