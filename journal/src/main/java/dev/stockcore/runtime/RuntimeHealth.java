package dev.stockcore.runtime;

/**
 * A runtime's health, for a service's health check: {@link StockRuntime#health()}.
 *
 * @param state        RUNNING, FAILED or CLOSED.
 * @param errors       errors recorded since launch (repeats included).
 * @param lastError    the latest error recorded, one line ({@code Class: message}), or null if none.
 * @param commands     commands applied by the engine since launch.
 * @param backPressured calls answered BACK_PRESSURED since launch.
 */
public record RuntimeHealth(RuntimeState state, long errors, String lastError, long commands, long backPressured)
{
    /**
     * @return whether the runtime takes commands.
     */
    public boolean isRunning()
    {
        return state == RuntimeState.RUNNING;
    }
}
