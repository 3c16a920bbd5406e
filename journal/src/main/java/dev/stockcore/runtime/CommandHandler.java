package dev.stockcore.runtime;

/**
 * Called on the engine thread just before each command from the ring is applied: a hook for tracing and for
 * fault-injection tests. An exception thrown here fails the runtime exactly as an exception inside the engine
 * would, which is how the failure tests drive {@link dev.stockcore.engine.Result#ENGINE_FAILED}.
 */
@FunctionalInterface
public interface CommandHandler
{
    /** Does nothing. */
    CommandHandler NONE = (type, correlationId) -> {};

    /**
     * @param type          the command's type, one of the {@code *_TYPE} of {@link CommandDescriptor}.
     * @param correlationId the caller's correlation id.
     */
    void onCommand(int type, long correlationId);
}
