package dev.stockcore.cli.webhook;

/**
 * Waits between two attempts. The command's sleeper waits on the wall clock and wakes early on SIGINT or
 * SIGTERM; a test's records the delay asked for and returns at once, so it asserts on the delays decided.
 */
@FunctionalInterface
public interface Sleeper
{
    /**
     * @param millis how long to wait.
     * @return true to attempt again, false if the delivery must stop (a signal arrived while waiting).
     * @throws InterruptedException if the thread is interrupted, which also stops the delivery.
     */
    boolean sleep(long millis) throws InterruptedException;
}
