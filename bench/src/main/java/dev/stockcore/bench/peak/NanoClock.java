package dev.stockcore.bench.peak;

import java.util.concurrent.locks.LockSupport;

/**
 * Where the {@link PeakSimulator} reads the time ({@link System#nanoTime()} scale) and waits for a command's
 * intended send time: the system's by default; a test gives a manual clock, so that what it checks (latencies
 * charged, saturation decided) does not depend on how fast its machine is at the time.
 */
interface NanoClock
{
    /** The system's: {@link System#nanoTime()}, and parking then spinning until a deadline. */
    NanoClock SYSTEM = new NanoClock()
    {
        @Override
        public long nanoTime()
        {
            return System.nanoTime();
        }

        @Override
        public long awaitUntil(final long deadlineNanos)
        {
            long now = System.nanoTime();
            while (now < deadlineNanos)
            {
                final long ahead = deadlineNanos - now;
                if (ahead > 200_000L)
                {
                    LockSupport.parkNanos(ahead - 100_000L);
                }
                else
                {
                    Thread.onSpinWait();
                }
                now = System.nanoTime();
            }
            return now;
        }
    };

    /**
     * @return the time now, in ns.
     */
    long nanoTime();

    /**
     * Returns once the time is at or after a deadline.
     *
     * @param deadlineNanos the deadline, in ns.
     * @return the time then, in ns, at or after the deadline.
     */
    long awaitUntil(long deadlineNanos);
}
