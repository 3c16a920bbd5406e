package dev.stockcore.engine;

import java.util.Arrays;

/**
 * Storage of reservations in primitive arrays: slots, lines, the expiry heap and the retention queue.
 * It holds data and keeps its own structures consistent; the rules live in {@link StockEngine}.
 * <p>
 * Per reservation slot: {@code id} (8), {@code deadline} (8; the expiry while open, the close time once
 * closed), {@code lineStart} (4; links the free list while the slot is free), {@code heapIndex} (4),
 * {@code lineCount} (1), {@code state} (1): 26 bytes, plus its {@link ReservationIndex} entry (16 bytes at
 * the capacity hint) and, with a time-to-live, 4 bytes in the expiry heap.
 * <p>
 * Per line: {@code ordered} (4), {@code holder} (4), {@code remaining} (8): 16 bytes. A reservation's lines
 * are one contiguous block carved from the line arena; a freed block goes to the free list of its size
 * (1..64 lines), linked through its first {@code ordered} entry, and is reused by the next reservation
 * of that size, so blocks never need compacting.
 * <p>
 * Expiry: a binary min-heap of slots keyed by deadline, with each slot's position kept for O(log n)
 * removal when a reservation closes before it expires.
 * Retention: closed slots in close order (engine time never goes back, so the queue is sorted by close
 * time) and forgotten from the head once their retention has passed.
 */
final class ReservationStore
{
    static final byte FREE = 0;
    static final byte OPEN = 1;
    static final byte CLOSED = 2;
    static final byte EXPIRED = 3;

    static final long NO_DEADLINE = -1L;

    private final ReservationIndex index;

    private long[] id;
    private long[] deadline;
    private int[] lineStart;
    private int[] heapIndex;
    private byte[] lineCount;
    private byte[] state;
    private int slotTop;
    private int freeSlotHead = -1;
    private int openCount;

    private int[] lineOrdered;
    private int[] lineHolder;
    private long[] lineRemaining;
    private int lineTop;
    private final int[] freeBlocks = new int[EngineLimits.MAX_LINES + 1];

    private int[] heap;
    private int heapSize;

    private int[] retained;
    private int retainedHead;
    private int retainedCount;

    ReservationStore(final int capacityHint)
    {
        final int slots = Math.max(16, capacityHint);
        index = new ReservationIndex(slots);
        id = new long[slots];
        deadline = new long[slots];
        lineStart = new int[slots];
        heapIndex = new int[slots];
        lineCount = new byte[slots];
        state = new byte[slots];
        lineOrdered = new int[slots];
        lineHolder = new int[slots];
        lineRemaining = new long[slots];
        Arrays.fill(freeBlocks, -1);
        heap = new int[16];
        retained = new int[16];
    }

    int find(final long reservationId)
    {
        return index.get(reservationId);
    }

    /**
     * Opens a reservation with a block of lines; the caller fills the lines.
     */
    int open(final long reservationId, final int lines, final long expiry)
    {
        final int slot = allocateSlot();
        id[slot] = reservationId;
        deadline[slot] = expiry;
        lineCount[slot] = (byte)lines;
        state[slot] = OPEN;
        lineStart[slot] = allocateLines(lines);
        heapIndex[slot] = -1;
        index.put(reservationId, slot);
        openCount++;
        if (expiry != NO_DEADLINE)
        {
            heapInsert(slot);
        }
        return slot;
    }

    void setLine(final int slot, final int line, final int ordered, final int holder, final long quantity)
    {
        final int l = lineStart[slot] + line;
        lineOrdered[l] = ordered;
        lineHolder[l] = holder;
        lineRemaining[l] = quantity;
    }

    /**
     * Closes an open reservation: frees its lines, takes it out of the expiry heap and starts its retention.
     */
    void close(final int slot, final byte closedState, final long now)
    {
        if (heapIndex[slot] >= 0)
        {
            heapRemove(heapIndex[slot]);
        }
        freeLines(lineStart[slot], lineCount[slot]);
        state[slot] = closedState;
        deadline[slot] = now;
        openCount--;
        retain(slot);
    }

    /**
     * Forgets closed reservations whose retention has passed at {@code now}.
     */
    void forgetRetained(final long now, final long retention)
    {
        while (retainedCount > 0)
        {
            final int slot = retained[retainedHead];
            // now - closedAt cannot overflow (0 <= closedAt <= now); closedAt + retention could.
            if (now - deadline[slot] < retention)
            {
                return;
            }
            retainedHead = (retainedHead + 1) & (retained.length - 1);
            retainedCount--;
            index.remove(id[slot]);
            state[slot] = FREE;
            lineStart[slot] = freeSlotHead;
            freeSlotHead = slot;
        }
    }

    /**
     * @return the slot whose deadline is earliest and at or before {@code now}, or -1.
     * Reservations without a deadline are never in the heap.
     */
    int dueSlot(final long now)
    {
        if (heapSize > 0 && deadline[heap[0]] <= now)
        {
            return heap[0];
        }
        return -1;
    }

    long id(final int slot)
    {
        return id[slot];
    }

    byte state(final int slot)
    {
        return state[slot];
    }

    long deadline(final int slot)
    {
        return deadline[slot];
    }

    int lineCount(final int slot)
    {
        return lineCount[slot];
    }

    int lineStart(final int slot)
    {
        return lineStart[slot];
    }

    int ordered(final int line)
    {
        return lineOrdered[line];
    }

    int holder(final int line)
    {
        return lineHolder[line];
    }

    long remaining(final int line)
    {
        return lineRemaining[line];
    }

    void remaining(final int line, final long quantity)
    {
        lineRemaining[line] = quantity;
    }

    long openQuantity(final int slot)
    {
        long total = 0;
        final int start = lineStart[slot];
        final int end = start + lineCount[slot];
        for (int l = start; l < end; l++)
        {
            total += lineRemaining[l];
        }
        return total;
    }

    int openCount()
    {
        return openCount;
    }

    int retainedCount()
    {
        return retainedCount;
    }

    /**
     * @param i position in close order, 0 = closed longest ago.
     * @return the slot of the i-th remembered closed reservation.
     */
    int retainedSlot(final int i)
    {
        return retained[(retainedHead + i) & (retained.length - 1)];
    }

    /** @return one past the highest slot ever used; slots below it are FREE, OPEN, CLOSED or EXPIRED. */
    int slotLimit()
    {
        return slotTop;
    }

    long footprintBytes()
    {
        return index.footprintBytes() +
            26L * id.length +
            16L * lineOrdered.length +
            4L * heap.length + 4L * retained.length;
    }

    private int allocateSlot()
    {
        if (freeSlotHead >= 0)
        {
            final int slot = freeSlotHead;
            freeSlotHead = lineStart[slot];
            return slot;
        }
        if (slotTop == id.length)
        {
            final int n = slotTop * 2;
            id = Arrays.copyOf(id, n);
            deadline = Arrays.copyOf(deadline, n);
            lineStart = Arrays.copyOf(lineStart, n);
            heapIndex = Arrays.copyOf(heapIndex, n);
            lineCount = Arrays.copyOf(lineCount, n);
            state = Arrays.copyOf(state, n);
        }
        return slotTop++;
    }

    private int allocateLines(final int lines)
    {
        final int block = freeBlocks[lines];
        if (block >= 0)
        {
            freeBlocks[lines] = lineOrdered[block];
            return block;
        }
        if (lineTop + lines > lineOrdered.length)
        {
            final int n = Math.max(lineOrdered.length * 2, lineTop + lines);
            lineOrdered = Arrays.copyOf(lineOrdered, n);
            lineHolder = Arrays.copyOf(lineHolder, n);
            lineRemaining = Arrays.copyOf(lineRemaining, n);
        }
        final int start = lineTop;
        lineTop += lines;
        return start;
    }

    private void freeLines(final int start, final int lines)
    {
        lineOrdered[start] = freeBlocks[lines];
        freeBlocks[lines] = start;
    }

    private void retain(final int slot)
    {
        if (retainedCount == retained.length)
        {
            final int[] grown = new int[retained.length * 2];
            for (int i = 0; i < retainedCount; i++)
            {
                grown[i] = retained[(retainedHead + i) & (retained.length - 1)];
            }
            retained = grown;
            retainedHead = 0;
        }
        retained[(retainedHead + retainedCount) & (retained.length - 1)] = slot;
        retainedCount++;
    }

    private void heapInsert(final int slot)
    {
        if (heapSize == heap.length)
        {
            heap = Arrays.copyOf(heap, heapSize * 2);
        }
        siftUp(heapSize++, slot);
    }

    private void heapRemove(final int position)
    {
        final int removed = heap[position];
        heapIndex[removed] = -1;
        final int last = heap[--heapSize];
        if (position == heapSize)
        {
            return;
        }
        if (position > 0 && deadline[last] < deadline[heap[(position - 1) >>> 1]])
        {
            siftUp(position, last);
        }
        else
        {
            siftDown(position, last);
        }
    }

    private void siftUp(final int start, final int slot)
    {
        int position = start;
        final long key = deadline[slot];
        while (position > 0)
        {
            final int parent = (position - 1) >>> 1;
            final int parentSlot = heap[parent];
            if (deadline[parentSlot] <= key)
            {
                break;
            }
            heap[position] = parentSlot;
            heapIndex[parentSlot] = position;
            position = parent;
        }
        heap[position] = slot;
        heapIndex[slot] = position;
    }

    private void siftDown(final int start, final int slot)
    {
        int position = start;
        final long key = deadline[slot];
        final int half = heapSize >>> 1;
        while (position < half)
        {
            int child = 2 * position + 1;
            final int right = child + 1;
            if (right < heapSize && deadline[heap[right]] < deadline[heap[child]])
            {
                child = right;
            }
            final int childSlot = heap[child];
            if (key <= deadline[childSlot])
            {
                break;
            }
            heap[position] = childSlot;
            heapIndex[childSlot] = position;
            position = child;
        }
        heap[position] = slot;
        heapIndex[slot] = position;
    }
}
