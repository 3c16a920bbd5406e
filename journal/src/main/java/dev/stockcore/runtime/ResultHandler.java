package dev.stockcore.runtime;

import dev.stockcore.engine.Result;

/**
 * Receives the result of each command a {@link StockClient} submitted, exactly once per command.
 * <p>
 * Results the engine decides are delivered on the engine thread, after the command's movements were appended
 * to the journal (and, under {@code SYNC}, forced to disk): keep the handler short and never block in it, since
 * the engine waits for it. Results decided before the command reached the engine ({@code BACK_PRESSURED},
 * {@code ENGINE_FAILED} after a failure, {@code RUNTIME_CLOSED}, a malformed command) are delivered on the
 * calling thread before the submitting method returns.
 */
@FunctionalInterface
public interface ResultHandler
{
    /**
     * @param correlationId the id the caller gave when submitting.
     * @param result        the outcome.
     */
    void onResult(long correlationId, Result result);
}
