package dev.stockcore.inventory;

/**
 * The row of each new item number (SKU) of an inventory file, to find an item given twice. Open addressing
 * with linear probing over two parallel {@code int[]}, {@code row + 1} (0: empty) and the SKU's hash, a power
 * of two long and at most half full; the SKUs themselves stay in the {@link ImportPlan}'s text arena, so the
 * map holds no objects, and the stored hash spares comparing the characters of SKUs that only share a slot.
 * The hash is the SKU's polynomial hash (as {@code String.hashCode()}) through the murmur3 finaliser, because
 * item numbers such as {@code SKU-0000001, SKU-0000002...} differ in their low bits only and would pile up
 * in neighbouring slots.
 */
final class SkuRowMap
{
    private static final int MISSING = -1;

    private final ImportPlan plan;
    private int[] slots = new int[1024];
    private int[] hashes = new int[1024];
    private int size;

    /**
     * @param plan holds the SKU of every row recorded here.
     */
    SkuRowMap(final ImportPlan plan)
    {
        this.plan = plan;
    }

    /**
     * @param sku an item number.
     * @return its row, or -1 if it has none.
     */
    int row(final String sku)
    {
        final int hash = hash(sku);
        final int mask = slots.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            final int entry = slots[slot];
            if (entry == 0)
            {
                return MISSING;
            }
            if (hashes[slot] == hash && sku.contentEquals(plan.sku(entry - 1)))
            {
                return entry - 1;
            }
        }
    }

    /**
     * Records the row of an item number not recorded yet.
     *
     * @param sku an item number, the row's.
     * @param row its row in the plan.
     */
    void put(final String sku, final int row)
    {
        if (++size > slots.length >> 1)
        {
            grow();
        }
        insert(slots, hashes, hash(sku), row);
    }

    private void grow()
    {
        final int[] oldSlots = slots;
        final int[] oldHashes = hashes;
        slots = new int[oldSlots.length << 1];
        hashes = new int[oldHashes.length << 1];
        for (int i = 0; i < oldSlots.length; i++)
        {
            if (oldSlots[i] != 0)
            {
                insert(slots, hashes, oldHashes[i], oldSlots[i] - 1);
            }
        }
    }

    private static void insert(final int[] slots, final int[] hashes, final int hash, final int row)
    {
        final int mask = slots.length - 1;
        int slot = hash & mask;
        while (slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }
        slots[slot] = row + 1;
        hashes[slot] = hash;
    }

    private static int hash(final String sku)
    {
        int h = sku.hashCode();
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }
}
