package dev.stockcore.journal.catalogue;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.journal.JournalDescriptor;

/**
 * Layout of the product names log, {@code DIR/}{@value JournalDescriptor#NAMES_FILE}: a file header, then
 * (SKU, name) records appended one after the other. Loading reads every record in order and the last
 * record of a SKU wins, so setting a name is an append and the file never needs rewriting in place.
 * <pre>
 * File header:
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    magic "STKNAMES" (long)                    |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  file format version (int)                    |  8
 *  +---------------------------------------------------------------+
 *  |                        unused, 0 (int)                        | 12
 *  +---------------------------------------------------------------+
 *
 * Record, from offset 16 on, each right after the one before:
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |          body length L: the bytes after the CRC (int)         |  0
 *  +---------------------------------------------------------------+
 *  |       CRC32C of the body length and of the body (int)         |  4
 *  +---------------+-----------------------------------------------+
 *  | SKU length n  |          SKU, n ASCII bytes (1..64)         ... |  8
 *  +---------------+-----------------------------------------------+
 *  |       name, L - 1 - n bytes of UTF-8 (none: clears it)    ... |  9 + n
 *  +---------------------------------------------------------------+
 * </pre>
 * Little-endian, as the journal. A writer appends a batch of records and forces the file before it reports
 * success; a crash in the middle leaves a torn tail (a record cut short, or bytes that do not check), which
 * readers ignore from the first record that fails its length or CRC check and which the next writer cuts
 * off before appending. Only the process holding the journal's writer lock appends; readers never lock.
 */
public final class NameLogDescriptor
{
    /** Magic at offset 0 of the file: "STKNAMES" in ASCII, read as a little-endian long. */
    public static final long MAGIC = 0x53454D414E4B5453L;
    /** Format this build writes and the newest it reads. */
    public static final int FILE_VERSION = 1;
    /** Offset of the format version in the file header. */
    public static final int VERSION_OFFSET = 8;
    /** Length of the file header; the first record starts here. */
    public static final int HEADER_LENGTH = 16;
    /** Offset of the body length in a record. */
    public static final int BODY_LENGTH_OFFSET = 0;
    /** Offset of the CRC32C in a record. */
    public static final int CRC_OFFSET = 4;
    /** Offset of the SKU length byte in a record; the body starts here. */
    public static final int BODY_OFFSET = 8;
    /** Longest name, in UTF-16 characters (what {@code String.length()} counts). */
    public static final int MAX_NAME_LENGTH = 1000;
    /** Longest name in UTF-8 bytes: three per UTF-16 character at most. */
    public static final int MAX_NAME_BYTES = MAX_NAME_LENGTH * 3;
    /** Longest record body: the SKU length byte, the longest SKU and the longest name. */
    public static final int MAX_BODY_LENGTH = 1 + EngineLimits.MAX_SKU_LENGTH + MAX_NAME_BYTES;

    private NameLogDescriptor()
    {
    }
}
