package dev.stockcore.engine;

/**
 * Open-addressing map from reservation id (a positive long) to reservation slot (an int).
 * <p>
 * Layout: parallel {@code long[] keys} and {@code int[] values}, linear probing, key 0 marks an empty
 * entry (ids are positive). A hash is mapped onto the table by multiply and shift, so the length need
 * not be a power of two: the table is sized to the capacity hint at a load factor of 3/4 and doubles
 * beyond it. Deletion shifts the following run back, so there are no tombstones. 12 bytes an entry,
 * 16 at the hint; Agrona's {@code Long2LongHashMap} would need 16 an entry before load factor.
 */
final class ReservationIndex
{
    private static final int MISSING = -1;

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
        final long[] keys = this.keys;
        for (int i = index(key); ; i = next(i))
        {
            final long k = keys[i];
            if (k == key)
            {
                return values[i];
            }
            if (k == 0)
            {
                return MISSING;
            }
        }
    }

    void put(final long key, final int value)
    {
        int i = index(key);
        while (keys[i] != 0)
        {
            if (keys[i] == key)
            {
                values[i] = value;
                return;
            }
            i = next(i);
        }
        keys[i] = key;
        values[i] = value;
        if (++size > resizeThreshold)
        {
            resize(length * 2);
        }
    }

    void remove(final long key)
    {
        int i = index(key);
        while (keys[i] != key)
        {
            if (keys[i] == 0)
            {
                return;
            }
            i = next(i);
        }
        size--;
        // Backward-shift deletion: move later entries of the probe run into the hole.
        int hole = i;
        for (int j = next(hole); keys[j] != 0; j = next(j))
        {
            if (distance(index(keys[j]), j) >= distance(hole, j))
            {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = 0;
    }

    long footprintBytes()
    {
        return 12L * keys.length;
    }

    private int index(final long key)
    {
        final long h = key * 0x9E3779B97F4A7C15L;
        return (int)(((h >>> 32) * length) >>> 32);
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
