package dev.stockcore.journal.catalogue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Byte strings (UTF-8 text) stored one after the other in 1 MiB pages, so that a million names cost a few
 * large arrays rather than a million objects for the garbage collector to trace and copy. An entry never
 * straddles a page; it is addressed by a long, {@code page << 20 | offset}, and is
 * <pre>
 *  +-------------------------------+-------------------------------------------+
 *  | length L, unsigned (2 bytes)  |  L bytes ...                              |
 *  +-------------------------------+-------------------------------------------+
 * </pre>
 * Append only; single threaded.
 */
public final class TextArena
{
    /** Longest entry, in bytes. */
    public static final int MAX_LENGTH = 0xFFFF;
    private static final int PAGE_SHIFT = 20;
    private static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    private static final int PAGE_MASK = PAGE_SIZE - 1;
    private static final int LENGTH_BYTES = 2;

    private byte[][] pages = new byte[4][];
    private int pageCount;
    private int used = PAGE_SIZE;

    /**
     * Appends an entry.
     *
     * @param bytes  where its bytes are.
     * @param offset of the first.
     * @param length how many, at most {@link #MAX_LENGTH}.
     * @return its address.
     * @throws IllegalArgumentException if it is too long.
     */
    public long append(final byte[] bytes, final int offset, final int length)
    {
        if (length < 0 || length > MAX_LENGTH)
        {
            throw new IllegalArgumentException("an entry holds 0 to " + MAX_LENGTH + " bytes, not " + length);
        }
        if (used + LENGTH_BYTES + length > PAGE_SIZE)
        {
            if (pageCount == pages.length)
            {
                pages = Arrays.copyOf(pages, pageCount * 2);
            }
            pages[pageCount++] = new byte[PAGE_SIZE];
            used = 0;
        }
        final byte[] page = pages[pageCount - 1];
        page[used] = (byte)(length >>> 8);
        page[used + 1] = (byte)length;
        System.arraycopy(bytes, offset, page, used + LENGTH_BYTES, length);
        final long address = ((long)(pageCount - 1) << PAGE_SHIFT) | used;
        used += LENGTH_BYTES + length;
        return address;
    }

    /**
     * @param address an entry's address.
     * @return its length in bytes.
     */
    public int length(final long address)
    {
        final byte[] page = page(address);
        final int at = (int)(address & PAGE_MASK);
        return ((page[at] & 0xFF) << 8) | (page[at + 1] & 0xFF);
    }

    /**
     * @param address an entry's address.
     * @return the page holding its bytes, from {@link #start(long)} on.
     */
    public byte[] page(final long address)
    {
        return pages[(int)(address >>> PAGE_SHIFT)];
    }

    /**
     * @param address an entry's address.
     * @return where its first byte is in its {@link #page(long)}.
     */
    public int start(final long address)
    {
        return (int)(address & PAGE_MASK) + LENGTH_BYTES;
    }

    /**
     * Decodes part of an entry as UTF-8.
     *
     * @param address an entry's address.
     * @param from    first byte, counted from the entry's start.
     * @param length  bytes to decode.
     * @return the text.
     */
    public String string(final long address, final int from, final int length)
    {
        return new String(page(address), start(address) + from, length, StandardCharsets.UTF_8);
    }

    /**
     * Whether part of an entry holds given bytes.
     *
     * @param address an entry's address.
     * @param from    first byte, counted from the entry's start.
     * @param length  bytes to compare.
     * @param bytes   the other bytes.
     * @param offset  where they start.
     * @param count   how many there are.
     * @return true if the same.
     */
    public boolean equals(final long address, final int from, final int length, final byte[] bytes, final int offset,
        final int count)
    {
        final int start = start(address) + from;
        return length == count && Arrays.equals(page(address), start, start + length, bytes, offset, offset + count);
    }
}
