package dev.stockcore.engine;

import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * Interns SKUs to dense product indices without an object per product.
 * <p>
 * Layout: the ASCII bytes of every SKU live in one growing {@code byte[] arena}, each prefixed by its
 * length byte; {@code offsets[p]} is where product {@code p}'s entry starts. A linear-probing table of
 * {@code int} ({@code product + 1}, 0 = empty, load factor at most 1/2) finds a product by SKU. Lookup
 * reads a {@link CharSequence} or buffer bytes in place, so it does not allocate.
 * Memory per product: 4 (offset) + 1 + SKU length (arena) + 4 to 8 (table) bytes.
 */
final class SkuTable
{
    private byte[] arena;
    private int arenaLength;
    private int[] offsets;
    private int[] table;
    private int size;

    SkuTable(final int capacityHint)
    {
        final int capacity = Math.max(16, capacityHint);
        arena = new byte[capacity * 16];
        offsets = new int[capacity];
        table = new int[tableSizeFor(capacity)];
    }

    int size()
    {
        return size;
    }

    int find(final CharSequence sku)
    {
        final int length = sku.length();
        int hash = 0x811C9DC5;
        for (int i = 0; i < length; i++)
        {
            hash = (hash ^ sku.charAt(i)) * 0x01000193;
        }
        final int mask = table.length - 1;
        for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask)
        {
            final int entry = table[slot];
            if (entry == 0)
            {
                return -1;
            }
            if (equals(entry - 1, sku))
            {
                return entry - 1;
            }
        }
    }

    int find(final DirectBuffer buffer, final int offset, final int length)
    {
        int hash = 0x811C9DC5;
        for (int i = 0; i < length; i++)
        {
            hash = (hash ^ (buffer.getByte(offset + i) & 0xFF)) * 0x01000193;
        }
        final int mask = table.length - 1;
        for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask)
        {
            final int entry = table[slot];
            if (entry == 0)
            {
                return -1;
            }
            if (equals(entry - 1, buffer, offset, length))
            {
                return entry - 1;
            }
        }
    }

    /**
     * Adds a SKU that is not present yet. The caller has validated it as ASCII of 1..64 characters.
     */
    int add(final CharSequence sku)
    {
        final int length = sku.length();
        final int product = reserveEntry(length);
        final int start = offsets[product] + 1;
        for (int i = 0; i < length; i++)
        {
            arena[start + i] = (byte)sku.charAt(i);
        }
        index(product);
        return product;
    }

    int add(final DirectBuffer buffer, final int offset, final int length)
    {
        final int product = reserveEntry(length);
        buffer.getBytes(offset, arena, offsets[product] + 1, length);
        index(product);
        return product;
    }

    int length(final int product)
    {
        return arena[offsets[product]];
    }

    char charAt(final int product, final int i)
    {
        return (char)arena[offsets[product] + 1 + i];
    }

    String sku(final int product)
    {
        final int offset = offsets[product];
        return new String(arena, offset + 1, arena[offset], java.nio.charset.StandardCharsets.US_ASCII);
    }

    int hash(final int product)
    {
        final int offset = offsets[product];
        final int length = arena[offset];
        int hash = 0x811C9DC5;
        for (int i = 0; i < length; i++)
        {
            hash = (hash ^ (arena[offset + 1 + i] & 0xFF)) * 0x01000193;
        }
        return hash;
    }

    long footprintBytes()
    {
        return (long)arena.length + 4L * offsets.length + 4L * table.length;
    }

    private int reserveEntry(final int length)
    {
        if (size == offsets.length)
        {
            offsets = Arrays.copyOf(offsets, size * 2);
        }
        if (arenaLength + 1 + length > arena.length)
        {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaLength + 1 + length));
        }
        final int product = size++;
        offsets[product] = arenaLength;
        arena[arenaLength] = (byte)length;
        arenaLength += 1 + length;
        return product;
    }

    private void index(final int product)
    {
        if (size * 2 > table.length)
        {
            rehash(table.length * 2);
        }
        insert(table, product);
    }

    private void insert(final int[] table, final int product)
    {
        final int mask = table.length - 1;
        int slot = spread(hash(product)) & mask;
        while (table[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }
        table[slot] = product + 1;
    }

    private void rehash(final int newLength)
    {
        final int[] newTable = new int[newLength];
        for (int p = 0; p < size; p++)
        {
            insert(newTable, p);
        }
        table = newTable;
    }

    private boolean equals(final int product, final CharSequence sku)
    {
        final int offset = offsets[product];
        final int length = arena[offset];
        if (length != sku.length())
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (arena[offset + 1 + i] != sku.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    private boolean equals(final int product, final DirectBuffer buffer, final int bufferOffset, final int length)
    {
        final int offset = offsets[product];
        if (arena[offset] != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (arena[offset + 1 + i] != buffer.getByte(bufferOffset + i))
            {
                return false;
            }
        }
        return true;
    }

    private static int spread(final int hash)
    {
        return hash ^ (hash >>> 16);
    }

    private static int tableSizeFor(final int capacity)
    {
        int n = 16;
        while (n < capacity * 2)
        {
            n <<= 1;
        }
        return n;
    }
}
