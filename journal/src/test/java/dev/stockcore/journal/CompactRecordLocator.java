package dev.stockcore.journal;

/**
 * Finds fields of the first movement record in a compact (encoding 1) excerpt's bytes, for tests that damage one
 * field on disk (see {@link CompactBatchCodec} for the layout).
 */
public final class CompactRecordLocator
{
    private final byte[] excerpt;
    private final int kind;
    private final int reservedHeld;

    private CompactRecordLocator(final byte[] excerpt)
    {
        this.excerpt = excerpt;
        int at = skipVarint(JournalDescriptor.HEADER_LENGTH);
        at = skipVarint(at);
        final int flags = excerpt[at++] & 0xFF;
        kind = flags & 0x0F;
        if ((flags & 0x10) != 0)
        {
            at = skipVarint(at);
        }
        if ((flags & 0x20) == 0)
        {
            at = skipVarint(at);
        }
        if ((flags & 0x40) == 0)
        {
            at = skipVarint(at);
        }
        at = skipVarint(at);
        at = skipVarint(at);
        at = skipVarint(at);
        reservedHeld = at;
    }

    /**
     * @param excerpt a whole format 3, encoding 1 excerpt, from its header on.
     * @return the locator of its first record.
     */
    public static CompactRecordLocator firstRecord(final byte[] excerpt)
    {
        if (excerpt[JournalDescriptor.ENCODING_OFFSET] != JournalDescriptor.ENCODING_COMPACT)
        {
            throw new IllegalArgumentException("not a compact excerpt");
        }
        return new CompactRecordLocator(excerpt);
    }

    /** @return the first record's movement kind code. */
    public int kind()
    {
        return kind;
    }

    /** @return the offset in the excerpt of the first byte of the first record's holder reservedHeld varint. */
    public int reservedHeldOffset()
    {
        return reservedHeld;
    }

    private int skipVarint(final int from)
    {
        int at = from;
        while ((excerpt[at++] & 0x80) != 0)
        {
            if (at - from > 10)
            {
                throw new IllegalArgumentException("varint longer than 10 bytes at " + from);
            }
        }
        return at;
    }
}
