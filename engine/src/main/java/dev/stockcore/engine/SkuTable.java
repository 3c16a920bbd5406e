package dev.stockcore.engine;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns SKUs to dense product indices without an object per product.
 * <p>
 * Layout: the ASCII bytes of every SKU live in 64 KiB pages of one arena, each entry a length byte then
 * the characters, never straddling a page; {@code offsets[p]} is where product {@code p}'s entry starts
 * (page number in the high bits). A linear-probing table of {@code int} ({@code product + 1}, 0 = empty)
 * finds a product by SKU; its length is any integer (a hash is mapped onto it by multiply and shift), so
 * it can be sized to the capacity hint at a load factor of 3/4 instead of the next power of two.
 * Lookups read a {@link CharSequence} or buffer bytes in place and do not allocate.
 * <p>
 * Memory per product: 4 (offset) + 4/0.75 (table, at the hint) + 1 + SKU length (arena).
 */
final class SkuTable
{
    private static final int PAGE_SHIFT = 16;
    private static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    private static final int PAGE_MASK = PAGE_SIZE - 1;

    private byte[][] pages = new byte[4][];
    private int pageCount;
    private int pageUsed = PAGE_SIZE;
    private int[] offsets;
    private int[] table;
    private int size;

    SkuTable(final int capacityHint)
    {
        final int capacity = Math.max(16, capacityHint);
        offsets = new int[capacity];
        table = new int[tableLengthFor(capacity)];
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
        final int n = table.length;
        for (int slot = home(hash, n); ; slot = slot + 1 == n ? 0 : slot + 1)
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
        final int n = table.length;
        for (int slot = home(hash, n); ; slot = slot + 1 == n ? 0 : slot + 1)
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
        final byte[] page = page(product);
        final int start = (offsets[product] & PAGE_MASK) + 1;
        for (int i = 0; i < length; i++)
        {
            page[start + i] = (byte)sku.charAt(i);
        }
        index(product);
        return product;
    }

    int add(final DirectBuffer buffer, final int offset, final int length)
    {
        final int product = reserveEntry(length);
        buffer.getBytes(offset, page(product), (offsets[product] & PAGE_MASK) + 1, length);
        index(product);
        return product;
    }

    int length(final int product)
    {
        return page(product)[offsets[product] & PAGE_MASK];
    }

    char charAt(final int product, final int i)
    {
        return (char)page(product)[(offsets[product] & PAGE_MASK) + 1 + i];
    }

    String sku(final int product)
    {
        final int at = offsets[product] & PAGE_MASK;
        final byte[] page = page(product);
        return new String(page, at + 1, page[at], StandardCharsets.US_ASCII);
    }

    int hash(final int product)
    {
        final byte[] page = page(product);
        final int at = offsets[product] & PAGE_MASK;
        final int length = page[at];
        int hash = 0x811C9DC5;
        for (int i = 0; i < length; i++)
        {
            hash = (hash ^ (page[at + 1 + i] & 0xFF)) * 0x01000193;
        }
        return hash;
    }

    long footprintBytes()
    {
        return (long)pageCount * PAGE_SIZE + 8L * pages.length + 4L * offsets.length + 4L * table.length;
    }

    private byte[] page(final int product)
    {
        return pages[offsets[product] >>> PAGE_SHIFT];
    }

    private int reserveEntry(final int length)
    {
        if (size == offsets.length)
        {
            offsets = Arrays.copyOf(offsets, size * 2);
        }
        if (pageUsed + 1 + length > PAGE_SIZE)
        {
            if (pageCount == pages.length)
            {
                pages = Arrays.copyOf(pages, pageCount * 2);
            }
            pages[pageCount++] = new byte[PAGE_SIZE];
            pageUsed = 0;
        }
        final int product = size++;
        final int page = pageCount - 1;
        offsets[product] = (page << PAGE_SHIFT) | pageUsed;
        pages[page][pageUsed] = (byte)length;
        pageUsed += 1 + length;
        return product;
    }

    private void index(final int product)
    {
        if (size * 4L > table.length * 3L)
        {
            final int[] newTable = new int[table.length * 2];
            for (int p = 0; p < size - 1; p++)
            {
                insert(newTable, p);
            }
            table = newTable;
        }
        insert(table, product);
    }

    private void insert(final int[] table, final int product)
    {
        final int n = table.length;
        int slot = home(hash(product), n);
        while (table[slot] != 0)
        {
            slot = slot + 1 == n ? 0 : slot + 1;
        }
        table[slot] = product + 1;
    }

    private boolean equals(final int product, final CharSequence sku)
    {
        final byte[] page = page(product);
        final int at = offsets[product] & PAGE_MASK;
        final int length = page[at];
        if (length != sku.length())
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (page[at + 1 + i] != sku.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    private boolean equals(final int product, final DirectBuffer buffer, final int bufferOffset, final int length)
    {
        final byte[] page = page(product);
        final int at = offsets[product] & PAGE_MASK;
        if (page[at] != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (page[at + 1 + i] != buffer.getByte(bufferOffset + i))
            {
                return false;
            }
        }
        return true;
    }

    /** Maps a hash onto [0, n) by multiply and shift (no power-of-two length needed). */
    private static int home(final int hash, final int n)
    {
        final int mixed = hash * 0x9E3779B9;
        return (int)(((mixed ^ (mixed >>> 16)) & 0xFFFFFFFFL) * n >>> 32);
    }

    private static int tableLengthFor(final int capacity)
    {
        return (int)Math.min(Integer.MAX_VALUE - 8, capacity * 4L / 3 + 1);
    }
}
