package dev.stockcore.runtime;

/**
 * The state of a runtime as {@link StockRuntime#health()} and {@code stockcore stat} report it.
 */
public enum RuntimeState
{
    /** Taking commands. */
    RUNNING,
    /**
     * The engine failed (every command is answered ENGINE_FAILED): close it and launch again to recover. A run that
     * failed stays FAILED in the stat file after close and after its process is gone.
     */
    FAILED,
    /** Closed cleanly. */
    CLOSED,
    /**
     * Seen from another process only: no stat file, or its writer's process is gone without closing it (killed,
     * crashed).
     */
    NOT_RUNNING
}
