package dev.stockcore.inventory;

import java.util.List;

/**
 * The inventory adjustment file, as the accounting system imports and exports it: CSV (RFC 4180 quoting,
 * UTF-8, a byte order mark and CRLF line ends accepted), one header line, one row per product.
 * <pre>
 * item_no,name,quantity,cost_price
 * OIL-1L,"Olive oil, 1 l",120,4.2500
 * OIL-GIFTBOX,"Gift box ""Tuscany"" [shares stock of OIL-1L]",120,4.2500
 * </pre>
 * <ul>
 *   <li>{@code item_no}: the SKU, 1 to 64 characters of {@code [A-Za-z0-9._-]}, case-sensitive;</li>
 *   <li>{@code name}: free text, up to 1,000 characters; empty keeps the current name;</li>
 *   <li>{@code quantity}: the absolute physical count, a whole number from 0 to 10^12;</li>
 *   <li>{@code cost_price}: the unit cost, a decimal with a dot and up to 4 decimals; empty keeps the
 *       current cost. Like the engine's {@code count}, it prices the pieces a count adds: it feeds the moving
 *       average cost when the quantity goes up and changes nothing otherwise.</li>
 * </ul>
 * A consumer (a virtual product, selling its source's stock) has no stock of its own. Its row mirrors its
 * source's: the source's quantity and average cost, and the name followed by {@link #consumerNote(String)},
 * so that the file shows what the shop shows for it and where that stock lives. Importing such a row never
 * counts anything: the quantity must be the source's (as it is, or as this file counts it), the cost price is
 * not used, and the note is taken off the name before it is stored.
 */
public final class InventoryFormat
{
    /** Column of the item number (SKU). */
    public static final int ITEM_NO = 0;
    /** Column of the name. */
    public static final int NAME = 1;
    /** Column of the absolute quantity. */
    public static final int QUANTITY = 2;
    /** Column of the unit cost price. */
    public static final int COST_PRICE = 3;
    /** The header line, exactly: these columns in this order. */
    public static final String HEADER_LINE = "item_no,name,quantity,cost_price";
    /** The header's columns. */
    public static final List<String> HEADER = List.of(HEADER_LINE.split(","));
    /** The header of a reject file: the file's columns and why the row was rejected. */
    public static final List<String> REJECT_HEADER = List.of((HEADER_LINE + ",reason").split(","));

    private static final String NOTE_START = "[shares stock of ";
    private static final String NOTE_END = "]";

    private InventoryFormat()
    {
    }

    /**
     * The note that follows a consumer's name in an export.
     *
     * @param sourceSku the SKU of the source whose stock it sells.
     * @return {@code [shares stock of SOURCE]}.
     */
    public static String consumerNote(final String sourceSku)
    {
        return NOTE_START + sourceSku + NOTE_END;
    }

    /**
     * A consumer's name as exported: its name, a space and the note, or the note alone.
     *
     * @param name      the name, or null.
     * @param sourceSku its source's SKU.
     * @return the exported name.
     */
    public static String consumerName(final String name, final String sourceSku)
    {
        return name == null || name.isEmpty() ? consumerNote(sourceSku) : name + " " + consumerNote(sourceSku);
    }

    /**
     * A consumer's name as imported: the exported note taken off, if it is there.
     *
     * @param name      holds the name field's UTF-8 bytes.
     * @param offset    where they start.
     * @param length    how many there are.
     * @param sourceSku its source's SKU.
     * @return the length of the name without the note, and the space before it (0 if it was only the note).
     */
    public static int withoutConsumerNote(final byte[] name, final int offset, final int length,
        final String sourceSku)
    {
        final String note = consumerNote(sourceSku);
        final int noteLength = note.length();
        if (length < noteLength)
        {
            return length;
        }
        final int end = offset + length - noteLength;
        for (int i = 0; i < noteLength; i++)
        {
            if (name[end + i] != (byte)note.charAt(i))
            {
                return length;
            }
        }
        return length - noteLength > 0 && name[end - 1] == ' ' ? length - noteLength - 1 : length - noteLength;
    }
}
