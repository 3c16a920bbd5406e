package dev.stockcore.engine;

/**
 * Open-addressing map from reservation id (a positive long) to reservation slot (an int).
 * <p>
 * Layout: parallel {@code long[] keys} and {@code int[] values}, key 0 marks an empty entry (ids are
 * positive). 12 bytes an entry; sized to the capacity hint at a load factor of 3/4 (16 bytes an id) and
 * doubled beyond it. Agrona's {@code Long2LongHashMap} would need 16 bytes an entry before load factor.
 * <p>
 * Ids are usually handed out in sequence. Each block of 8 consecutive ids (one cache line of keys) is
 * placed by a multiplicative hash of the block number (mapped onto the table by multiply and shift, so the
 * length need not be a power of two), the ids of a block side by side: a new id's probe mostly touches the
 * line its predecessors just used, yet a range of long-lived ids does not form one dense run that every
 * later id would have to probe across (which taking ids modulo the length did: O(n) per operation).
 * <p>
 * Probing is Robin Hood: within a run, entries are kept in order of home slot, so a lookup stops as soon
 * as it passes where its key would be, and a deletion shifts the following entries back only until one
 * sits at its home.
 */
final class ReservationIndex
{
    private static final int MISSING = -1;
    private static final int BLOCK_SHIFT = 3;
    private static final int BLOCK = 1 << BLOCK_SHIFT;

    private long[] keys;
    private int[] values;
    private int length;
    private int size;
    private int resizeThreshold;

    ReservationIndex(final int capacityHint)
    {
        allocate((int)Math.max(16, capacityHint * 4L / 3 + 1));
    }

    int size()
    {
        return size;
    }

    int get(final long key)
    {
        final int i = find(key);
        return i >= 0 ? values[i] : MISSING;
    }

    void put(final long key, final int value)
    {
        long carriedKey = key;
        int carriedValue = value;
        int i = home(key);
        int distance = 0;
        while (true)
        {
            final long k = keys[i];
            if (k == 0)
            {
                keys[i] = carriedKey;
                values[i] = carriedValue;
                break;
            }
            if (k == carriedKey)
            {
                values[i] = carriedValue;
                return;
            }
            final int existing = distance(home(k), i);
            if (existing < distance)
            {
                // Robin Hood: the entry closer to its home moves on, keeping the run ordered by home.
                final int v = values[i];
                keys[i] = carriedKey;
                values[i] = carriedValue;
                carriedKey = k;
                carriedValue = v;
                distance = existing;
            }
            i = next(i);
            distance++;
        }
        if (++size > resizeThreshold)
        {
            resize(length * 2);
        }
    }

    void remove(final long key)
    {
        int hole = find(key);
        if (hole < 0)
        {
            return;
        }
        size--;
        for (int j = next(hole); keys[j] != 0 && home(keys[j]) != j; j = next(j))
        {
            keys[hole] = keys[j];
            values[hole] = values[j];
            hole = j;
        }
        keys[hole] = 0;
    }

    /**
     * Longest distance of any entry from its home slot; O(length), for tests of the probing scheme.
     */
    int maxProbeDistance()
    {
        int max = 0;
        for (int i = 0; i < length; i++)
        {
            if (keys[i] != 0)
            {
                max = Math.max(max, distance(home(keys[i]), i));
            }
        }
        return max;
    }

    long footprintBytes()
    {
        return 12L * length;
    }

    private int find(final long key)
    {
        int i = home(key);
        for (int distance = 0; ; distance++)
        {
            final long k = keys[i];
            if (k == key)
            {
                return i;
            }
            if (k == 0 || distance(home(k), i) < distance)
            {
                return MISSING;
            }
            i = next(i);
        }
    }

    private int home(final long key)
    {
        final long block = (key >>> BLOCK_SHIFT) * 0x9E3779B97F4A7C15L;
        final int start = (int)(((block >>> 32) * length) >>> 32);
        final int home = start + (int)(key & (BLOCK - 1));
        return home >= length ? home - length : home;
    }

    private int next(final int i)
    {
        return i + 1 == length ? 0 : i + 1;
    }

    /** Probe distance from {@code from} forward to {@code to}, wrapping. */
    private int distance(final int from, final int to)
    {
        final int d = to - from;
        return d < 0 ? d + length : d;
    }

    private void allocate(final int newLength)
    {
        length = newLength;
        keys = new long[newLength];
        values = new int[newLength];
        resizeThreshold = (int)(newLength * 3L / 4);
    }

    private void resize(final int newLength)
    {
        final long[] oldKeys = keys;
        final int[] oldValues = values;
        allocate(newLength);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++)
        {
            if (oldKeys[i] != 0)
            {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
