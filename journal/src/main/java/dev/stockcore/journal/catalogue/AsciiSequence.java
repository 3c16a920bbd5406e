package dev.stockcore.journal.catalogue;

/**
 * A reusable view of ASCII bytes as characters, so that a SKU held as bytes (in the names log, in a
 * {@link TextArena}) is looked up in or registered with the engine without creating a String.
 */
public final class AsciiSequence implements CharSequence
{
    private byte[] bytes;
    private int offset;
    private int length;

    /**
     * Points this view at a range of bytes.
     *
     * @param bytes  the bytes.
     * @param offset of the first character.
     * @param length in characters.
     * @return this.
     */
    public AsciiSequence wrap(final byte[] bytes, final int offset, final int length)
    {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        return this;
    }

    @Override
    public int length()
    {
        return length;
    }

    @Override
    public char charAt(final int index)
    {
        if (index < 0 || index >= length)
        {
            throw new IndexOutOfBoundsException("index " + index + " of " + length);
        }
        return (char)(bytes[offset + index] & 0xFF);
    }

    @Override
    public CharSequence subSequence(final int start, final int end)
    {
        return toString().substring(start, end);
    }

    @Override
    public String toString()
    {
        final char[] chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = (char)(bytes[offset + i] & 0xFF);
        }
        return new String(chars);
    }
}
