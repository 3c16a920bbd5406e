package dev.stockcore.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The open-addressing reservation id index against {@link HashMap} on seeded random operations over several
 * shapes of ids: few distinct ids keep the table crowded (long probe runs, deletions that shift entries
 * back, runs that wrap at the end of the table), many force resizes. The tests do not assume the hash.
 */
class ReservationIndexTest
{
    private static final int MISSING = -1;

    @Test
    void shouldAnswerMissingForEmptyIndex()
    {
        final ReservationIndex index = new ReservationIndex(16);

        assertEquals(MISSING, index.get(1));
        assertEquals(0, index.size());
    }

    @Test
    void shouldReplaceValueOfExistingKey()
    {
        final ReservationIndex index = new ReservationIndex(16);
        index.put(7, 1);

        index.put(7, 2);
        assertEquals(2, index.get(7));
        assertEquals(1, index.size());
    }

    @Test
    void shouldIgnoreRemovalOfAbsentKey()
    {
        final ReservationIndex index = new ReservationIndex(16);
        index.put(7, 1);

        index.remove(8);
        assertEquals(1, index.size());
        assertEquals(1, index.get(7));
    }

    @Test
    void shouldForgetRemovedKey()
    {
        final ReservationIndex index = new ReservationIndex(16);
        index.put(7, 1);

        index.remove(7);
        assertEquals(MISSING, index.get(7));
        assertEquals(0, index.size());
    }

    @Test
    void shouldGrowFarBeyondCapacityHint()
    {
        final ReservationIndex index = new ReservationIndex(1);
        for (int i = 1; i <= 100_000; i++)
        {
            index.put(i * 31L, i);
        }

        assertEquals(100_000, index.size());
        for (int i = 1; i <= 100_000; i++)
        {
            assertEquals(i, index.get(i * 31L));
        }
        assertEquals(MISSING, index.get(100_001 * 31L));
    }

    @ParameterizedTest
    @CsvSource({
        // key family, seed, capacity hint, distinct keys, operations
        "SEQUENTIAL, 1, 1, 12, 20000",
        "SEQUENTIAL, 2, 1, 50000, 200000",
        "STRIDE_1000, 3, 1, 1000, 200000",
        "STRIDE_2_POW_20, 4, 16, 5000, 100000",
        "STRIDE_2_POW_32, 5, 64, 100000, 200000",
        "EQUAL_HALVES, 6, 16, 40, 50000",
        "EQUAL_HALVES, 7, 1, 300, 100000",
        "SCATTERED, 8, 1, 100000, 200000",
        "SCATTERED, 9, 1000, 30, 50000",
    })
    void shouldMatchHashMapOnRandomOperations(
        final KeyFamily family, final long seed, final int capacityHint, final int distinctKeys, final int operations)
    {
        final Random random = new Random(seed);
        final ReservationIndex index = new ReservationIndex(capacityHint);
        final Map<Long, Integer> model = new HashMap<>();
        final int checkEvery = Math.max(1_000, distinctKeys / 4);

        for (int i = 0; i < operations; i++)
        {
            final long key = family.key(random.nextInt(distinctKeys));
            final int roll = random.nextInt(10);
            final int operation = i;
            final Supplier<String> where = () -> family + ", seed " + seed + ", operation " + operation + ", key " + key;
            if (roll < 5)
            {
                final int value = random.nextInt(Integer.MAX_VALUE);
                index.put(key, value);
                model.put(key, value);
            }
            else if (roll < 8)
            {
                index.remove(key);
                model.remove(key);
            }
            else
            {
                assertEquals(model.getOrDefault(key, MISSING), index.get(key), where);
            }
            assertEquals(model.size(), index.size(), where);
            if (i % checkEvery == checkEvery - 1)
            {
                assertSameContent(family, distinctKeys, model, index, where);
            }
        }
        assertSameContent(family, distinctKeys, model, index, () -> family + ", seed " + seed + ", at end");
    }

    @ParameterizedTest
    @EnumSource(KeyFamily.class)
    void shouldMatchHashMapOnEveryOperationWhileKeysChurn(final KeyFamily family)
    {
        final Random random = new Random(11);
        final int distinctKeys = 36;
        final ReservationIndex index = new ReservationIndex(20);
        final Map<Long, Integer> model = new HashMap<>();

        for (int i = 0; i < 50_000; i++)
        {
            final long key = family.key(random.nextInt(distinctKeys));
            if (random.nextBoolean())
            {
                index.put(key, i);
                model.put(key, i);
            }
            else
            {
                index.remove(key);
                model.remove(key);
            }
            final int operation = i;
            assertSameContent(family, distinctKeys, model, index, () -> family + ", operation " + operation);
        }
    }

    @ParameterizedTest
    @EnumSource(KeyFamily.class)
    void shouldKeepRemainingKeysWhenEveryOtherKeyIsRemoved(final KeyFamily family)
    {
        final int distinctKeys = 500;
        final ReservationIndex index = new ReservationIndex(1);
        for (int i = 0; i < distinctKeys; i++)
        {
            index.put(family.key(i), i);
        }
        for (int i = 0; i < distinctKeys; i += 2)
        {
            index.remove(family.key(i));
        }

        assertEquals(distinctKeys / 2, index.size());
        for (int i = 0; i < distinctKeys; i++)
        {
            assertEquals(i % 2 == 0 ? MISSING : i, index.get(family.key(i)), family + ", key " + family.key(i));
        }
    }

    @ParameterizedTest
    @EnumSource(KeyFamily.class)
    void shouldMatchHashMapWhileDrainingInRandomOrder(final KeyFamily family)
    {
        final int distinctKeys = 200;
        final ReservationIndex index = new ReservationIndex(1);
        final Map<Long, Integer> model = new HashMap<>();
        final List<Long> keys = new ArrayList<>();
        for (int i = 0; i < distinctKeys; i++)
        {
            index.put(family.key(i), i);
            model.put(family.key(i), i);
            keys.add(family.key(i));
        }
        Collections.shuffle(keys, new Random(13));

        for (final long key : keys)
        {
            index.remove(key);
            model.remove(key);
            assertSameContent(family, distinctKeys, model, index, () -> family + ", after removing " + key);
        }
        assertEquals(0, index.size());
    }

    private static void assertSameContent(
        final KeyFamily family,
        final int distinctKeys,
        final Map<Long, Integer> model,
        final ReservationIndex index,
        final Supplier<String> where)
    {
        assertEquals(model.size(), index.size(), where);
        for (int k = 0; k < distinctKeys; k++)
        {
            final long key = family.key(k);
            assertEquals(model.getOrDefault(key, MISSING), index.get(key), () -> where.get() + ", checking key " + key);
        }
    }

    /**
     * Shapes of reservation ids a caller may hand out. Whatever the index's hash, some of these crowd
     * into long probe runs (sequential ids into neighbouring slots, strides into one residue class, ids
     * whose two halves are equal into one slot under a fold of the halves) and others scatter.
     */
    enum KeyFamily
    {
        SEQUENTIAL
        {
            long key(final int i)
            {
                return i + 1L;
            }
        },
        STRIDE_1000
        {
            long key(final int i)
            {
                return (i + 1L) * 1000;
            }
        },
        STRIDE_2_POW_20
        {
            long key(final int i)
            {
                return (i + 1L) << 20;
            }
        },
        STRIDE_2_POW_32
        {
            long key(final int i)
            {
                return (i + 1L) << 32;
            }
        },
        EQUAL_HALVES
        {
            long key(final int i)
            {
                return ((i + 1L) << 32) | (i + 1L);
            }
        },
        SCATTERED
        {
            long key(final int i)
            {
                long z = (i + 1L) * 0x9E3779B97F4A7C15L;
                z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
                z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
                z ^= z >>> 31;
                return (z >>> 1) | 1;
            }
        };

        /**
         * @param i 0-based number of the key in the family.
         * @return a positive reservation id.
         */
        abstract long key(int i);
    }

    @Test
    void shouldKeepProbesShortWhenALongLivedRangeOfSequentialIdsStays()
    {
        // Ids taken modulo the table length made one dense run of the long-lived range, and every id
        // after a wrap-around probed across it: O(n) per operation.
        final ReservationIndex index = new ReservationIndex(16);
        for (long id = 1; id <= 200_000; id++)
        {
            index.put(id, (int)id);
        }
        for (long id = 200_001; id <= 400_000; id++)
        {
            index.put(id, (int)id);
            index.remove(id - 1_000 > 200_000 ? id - 1_000 : -1);
        }
        assertTrue(index.maxProbeDistance() < 64,
            "max probe distance " + index.maxProbeDistance());
        assertEquals(200_000 + 1_000, index.size());
    }
}
