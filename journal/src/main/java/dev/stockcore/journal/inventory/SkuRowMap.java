package dev.stockcore.journal.inventory;

/**
 * The row of each new item number (SKU) of an inventory file, to find an item given twice. Open addressing
 * with linear probing over one {@code int[]} of {@code row + 1} (0: empty), a power of two long and at most
 * half full; the SKUs themselves stay in the {@link ImportPlan}'s text arena, so the map holds no objects.
 * The slot is the SKU's polynomial hash (as {@code String.hashCode()}) through the murmur3 finaliser, because
 * item numbers such as {@code SKU-0000001, SKU-0000002...} differ in their low bits only and would pile up
 * in neighbouring slots.
 */
final class SkuRowMap
{
    private static final int MISSING = -1;

    private final ImportPlan plan;
    private int[] slots = new int[1024];
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
        final int mask = slots.length - 1;
        for (int slot = slot(sku, mask); ; slot = (slot + 1) & mask)
        {
            final int entry = slots[slot];
            if (entry == 0)
            {
                return MISSING;
            }
            if (sku.contentEquals(plan.sku(entry - 1)))
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
        insert(slots, sku, row);
    }

    private void grow()
    {
        final int[] old = slots;
        slots = new int[old.length << 1];
        for (final int entry : old)
        {
            if (entry != 0)
            {
                insert(slots, plan.sku(entry - 1), entry - 1);
            }
        }
    }

    private static void insert(final int[] slots, final CharSequence sku, final int row)
    {
        final int mask = slots.length - 1;
        int slot = slot(sku, mask);
        while (slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }
        slots[slot] = row + 1;
    }

    private static int slot(final CharSequence sku, final int mask)
    {
        int h = 0;
        for (int i = 0; i < sku.length(); i++)
        {
            h = 31 * h + sku.charAt(i);
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h & mask;
    }
}
