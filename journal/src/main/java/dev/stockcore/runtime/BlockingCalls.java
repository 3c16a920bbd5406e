package dev.stockcore.runtime;

import dev.stockcore.engine.Result;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The waiting side of the blocking API: a fixed table of call slots shared by every calling thread.
 * <p>
 * A blocking call claims a free slot (a CAS, starting at a slot chosen by the thread's id so that threads rarely
 * collide), submits the command through one shared {@link StockClient} with the slot's number as correlation id,
 * and waits: a short spin, then parking. The engine thread's result lands in the slot and unparks the waiter.
 * Nothing is allocated per call and no thread-local state is kept, so short-lived and virtual threads are fine;
 * the table bounds the number of blocking calls in flight at once (a caller beyond it waits for a slot).
 */
final class BlockingCalls implements ResultHandler
{
    private static final int FREE = 0;
    private static final int WAITING = 1;
    private static final int DONE = 2;
    private static final int SPINS = 200;

    private final AtomicIntegerArray state;
    private final int[] results;
    private final Thread[] waiters;
    private final int mask;

    BlockingCalls(final int slots)
    {
        final int size = Integer.highestOneBit(Math.max(1, slots - 1)) << 1;
        state = new AtomicIntegerArray(size);
        results = new int[size];
        waiters = new Thread[size];
        mask = size - 1;
    }

    /**
     * @return the number of slots (slot numbers run from 0 to this - 1).
     */
    int size()
    {
        return results.length;
    }

    /**
     * Claims a slot for the current thread, waiting for one if all are in use.
     *
     * @return the slot, to be passed as correlation id and then to {@link #await(int)}.
     */
    int claim()
    {
        final Thread thread = Thread.currentThread();
        int slot = (int)(thread.getId() * 0x9E3779B9L) & mask;
        int tries = 0;
        while (!state.compareAndSet(slot, FREE, WAITING))
        {
            slot = (slot + 1) & mask;
            if (++tries > mask)
            {
                tries = 0;
                Thread.yield();
            }
        }
        waiters[slot] = thread;
        return slot;
    }

    /**
     * Waits for the slot's result and frees the slot.
     *
     * @param slot as returned by {@link #claim()}.
     * @return the result.
     */
    Result await(final int slot)
    {
        int spins = 0;
        while (state.get(slot) != DONE)
        {
            if (++spins < SPINS)
            {
                Thread.onSpinWait();
            }
            else
            {
                LockSupport.park(this);
            }
        }
        final Result result = Result.fromCode(results[slot]);
        waiters[slot] = null;
        state.set(slot, FREE);
        return result;
    }

    @Override
    public void onResult(final long correlationId, final Result result)
    {
        final int slot = (int)correlationId;
        results[slot] = result.code();
        final Thread waiter = waiters[slot];
        state.set(slot, DONE);
        LockSupport.unpark(waiter);
    }
}
