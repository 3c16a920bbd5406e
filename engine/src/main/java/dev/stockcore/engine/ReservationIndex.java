package dev.stockcore.engine;

/**
 * Open-addressing map from reservation id (a positive long) to reservation slot (an int).
 * <p>
 * Layout: parallel {@code long[] keys} and {@code int[] values}, power-of-two length, linear probing,
 * key 0 marks an empty entry (ids are positive). Deletion shifts the following run back, so there are
 * no tombstones and lookups stay short. Resizes at a load factor of 0.6: 12 bytes an entry, 20 on
 * average at that load. Agrona's {@code Long2LongHashMap} would need 16 bytes an entry.
 */
final class ReservationIndex
{
    private static final int MISSING = -1;

    private long[] keys;
    private int[] values;
    private int mask;
    private int size;
    private int resizeThreshold;

    ReservationIndex(final int capacityHint)
    {
        int length = 16;
        while (length * 0.6 < capacityHint)
        {
            length <<= 1;
        }
        allocate(length);
    }

    int size()
    {
        return size;
    }

    int get(final long key)
    {
        final long[] keys = this.keys;
        for (int i = index(key); ; i = (i + 1) & mask)
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
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        if (++size > resizeThreshold)
        {
            resize(keys.length * 2);
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
            i = (i + 1) & mask;
        }
        size--;
        // Backward-shift deletion: move later entries of the probe run into the hole.
        int hole = i;
        for (int j = (hole + 1) & mask; keys[j] != 0; j = (j + 1) & mask)
        {
            final int home = index(keys[j]);
            if (((j - home) & mask) >= ((j - hole) & mask))
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
        long h = key * 0x9E3779B97F4A7C15L;
        h ^= h >>> 32;
        return (int)h & mask;
    }

    private void allocate(final int length)
    {
        keys = new long[length];
        values = new int[length];
        mask = length - 1;
        resizeThreshold = (int)(length * 0.6);
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
