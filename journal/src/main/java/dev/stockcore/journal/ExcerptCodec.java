package dev.stockcore.journal;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.zip.CRC32C;

import static dev.stockcore.journal.JournalDescriptor.CHECKSUM_OFFSET;
import static dev.stockcore.journal.JournalDescriptor.ENCODING_COMPACT;
import static dev.stockcore.journal.JournalDescriptor.ENCODING_MOVEMENT_BATCHES;
import static dev.stockcore.journal.JournalDescriptor.ENCODING_OFFSET;
import static dev.stockcore.journal.JournalDescriptor.FORMAT_VERSION;
import static dev.stockcore.journal.JournalDescriptor.HEADER_LENGTH;
import static dev.stockcore.journal.JournalDescriptor.LEGACY_HEADER_LENGTH;
import static dev.stockcore.journal.JournalDescriptor.LEGACY_LENGTH_OFFSET;
import static dev.stockcore.journal.JournalDescriptor.LENGTH_OFFSET;
import static dev.stockcore.journal.JournalDescriptor.RESERVED_OFFSET;
import static dev.stockcore.journal.JournalDescriptor.VERSION_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes and checks the header of a journal excerpt (the layout is in {@link JournalDescriptor}): the format
 * version, the CRC32C over everything after the checksum field, the payload length, the encoding and the
 * reserved field. One instance keeps one {@link CRC32C} for its life, so neither encoding nor a successful
 * decode allocates; only a refusal builds its message. The buffers given to it must wrap a whole
 * {@code byte[]} from its index 0 (an {@code ExpandableArrayBuffer}, or an {@code UnsafeBuffer} over an array),
 * because the checksum runs over that array, where the JDK's intrinsic is fastest.
 * <p>
 * Not thread safe: one instance per writer or reader.
 */
public final class ExcerptCodec
{
    private static final String DAMAGED = ": the excerpt is damaged and nothing from it on is read; restore the " +
        "journal directory from a backup";

    private final CRC32C crc = new CRC32C();
    private int payloadOffset;
    private int payloadLength;
    private int payloadEncoding;

    /**
     * Writes a format {@value JournalDescriptor#FORMAT_VERSION} header, encoding
     * {@value JournalDescriptor#ENCODING_MOVEMENT_BATCHES}, in front of a payload already in place at
     * {@link JournalDescriptor#HEADER_LENGTH}.
     *
     * @param excerpt       wraps a whole {@code byte[]} from index 0; the payload follows the header space.
     * @param payloadLength bytes of payload.
     * @return the length of the whole excerpt, header included.
     */
    public int encode(final MutableDirectBuffer excerpt, final int payloadLength)
    {
        return encode(excerpt, payloadLength, ENCODING_MOVEMENT_BATCHES);
    }

    /**
     * Writes a format {@value JournalDescriptor#FORMAT_VERSION} header with the given payload encoding in front of
     * a payload already in place at {@link JournalDescriptor#HEADER_LENGTH}.
     *
     * @param excerpt       wraps a whole {@code byte[]} from index 0; the payload follows the header space.
     * @param payloadLength bytes of payload.
     * @param encoding      {@link JournalDescriptor#ENCODING_MOVEMENT_BATCHES} or
     *                      {@link JournalDescriptor#ENCODING_COMPACT}.
     * @return the length of the whole excerpt, header included.
     */
    public int encode(final MutableDirectBuffer excerpt, final int payloadLength, final short encoding)
    {
        excerpt.putInt(VERSION_OFFSET, FORMAT_VERSION, LITTLE_ENDIAN);
        excerpt.putInt(LENGTH_OFFSET, payloadLength, LITTLE_ENDIAN);
        excerpt.putShort(ENCODING_OFFSET, encoding, LITTLE_ENDIAN);
        excerpt.putShort(RESERVED_OFFSET, (short)0, LITTLE_ENDIAN);
        excerpt.putInt(CHECKSUM_OFFSET, checksum(excerpt.byteArray(), payloadLength), LITTLE_ENDIAN);
        return HEADER_LENGTH + payloadLength;
    }

    /**
     * The CRC32C a format {@value JournalDescriptor#FORMAT_VERSION} excerpt carries: over bytes
     * {@code [LENGTH_OFFSET, HEADER_LENGTH + payloadLength)}, i.e. the length, encoding and reserved fields and
     * the payload (the version is not covered: a reader recognises the layout by it and refuses any other value
     * where a checksum is required).
     *
     * @param excerpt       the excerpt's bytes from index 0.
     * @param payloadLength bytes of payload.
     * @return the checksum.
     */
    public int checksum(final byte[] excerpt, final int payloadLength)
    {
        crc.reset();
        crc.update(excerpt, LENGTH_OFFSET, HEADER_LENGTH - LENGTH_OFFSET + payloadLength);
        return (int)crc.getValue();
    }

    /**
     * Checks an excerpt and finds its payload. A format {@value JournalDescriptor#FORMAT_VERSION} excerpt must
     * have its exact length, checksum, encoding 0 and a zero reserved field. A format 1 or 2 excerpt (no
     * checksum) is read only before {@code checksummedFrom}, and its declared length must be exactly what it
     * holds. Versions newer than this build's are the caller's to refuse first, with their own message.
     *
     * @param excerpt         wraps the excerpt's bytes from index 0.
     * @param excerptLength   bytes in the excerpt, as Chronicle framed it.
     * @param index           the excerpt's Chronicle index.
     * @param checksummedFrom the first index from which every excerpt must be format
     *                        {@value JournalDescriptor#FORMAT_VERSION} ({@code Long.MAX_VALUE} if none is).
     * @return null if the excerpt is good ({@link #payloadOffset()} and {@link #payloadLength()} then locate its
     * payload), else what is wrong with it and what to do.
     */
    public String decode(final DirectBuffer excerpt, final int excerptLength, final long index,
        final long checksummedFrom)
    {
        if (excerptLength < LEGACY_HEADER_LENGTH)
        {
            return "it holds " + excerptLength + " bytes, less than any excerpt header" + DAMAGED;
        }
        final int version = excerpt.getInt(VERSION_OFFSET, LITTLE_ENDIAN);
        if (version == FORMAT_VERSION)
        {
            return decodeChecksummed(excerpt, excerptLength);
        }
        if (version != 1 && version != 2)
        {
            return "its format version is " + version + ", which no stockcore writes" + DAMAGED;
        }
        if (index >= checksummedFrom)
        {
            return "it is format version " + version + " (no checksum), but every excerpt from index 0x" +
                Long.toHexString(checksummedFrom) + " (" + checksummedFrom + ") on is format " + FORMAT_VERSION +
                " with a checksum" + DAMAGED;
        }
        final int length = excerpt.getInt(LEGACY_LENGTH_OFFSET, LITTLE_ENDIAN);
        if (length != excerptLength - LEGACY_HEADER_LENGTH)
        {
            return "its header declares " + length + " bytes of batches but it holds " +
                (excerptLength - LEGACY_HEADER_LENGTH) + DAMAGED;
        }
        payloadOffset = LEGACY_HEADER_LENGTH;
        payloadLength = length;
        payloadEncoding = ENCODING_MOVEMENT_BATCHES;
        return null;
    }

    /** @return where the payload of the last excerpt decoded without a problem starts. */
    public int payloadOffset()
    {
        return payloadOffset;
    }

    /** @return the payload encoding of the last excerpt decoded without a problem (format 1 and 2: batches). */
    public int payloadEncoding()
    {
        return payloadEncoding;
    }

    /** @return the length of the payload of the last excerpt decoded without a problem. */
    public int payloadLength()
    {
        return payloadLength;
    }

    private String decodeChecksummed(final DirectBuffer excerpt, final int excerptLength)
    {
        if (excerptLength < HEADER_LENGTH)
        {
            return "it holds " + excerptLength + " bytes, less than its " + HEADER_LENGTH + "-byte header" + DAMAGED;
        }
        final int length = excerpt.getInt(LENGTH_OFFSET, LITTLE_ENDIAN);
        if (length != excerptLength - HEADER_LENGTH)
        {
            return "its header declares a payload of " + length + " bytes but it holds " +
                (excerptLength - HEADER_LENGTH) + DAMAGED;
        }
        final int stored = excerpt.getInt(CHECKSUM_OFFSET, LITTLE_ENDIAN);
        final int computed = checksum(excerpt.byteArray(), length);
        if (stored != computed)
        {
            return "its CRC32C is " + hex(stored) + " but its bytes give " + hex(computed) + DAMAGED;
        }
        final int encoding = excerpt.getShort(ENCODING_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
        final int reserved = excerpt.getShort(RESERVED_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
        if ((encoding != ENCODING_MOVEMENT_BATCHES && encoding != ENCODING_COMPACT) || reserved != 0)
        {
            return "it is in payload encoding " + encoding + (reserved != 0 ? " with reserved field " + reserved : "") +
                ", which this build does not read (it reads encodings " + ENCODING_MOVEMENT_BATCHES + " and " +
                ENCODING_COMPACT + "): it was " +
                "written by a newer stockcore; use a newer stockcore to read this journal";
        }
        payloadOffset = HEADER_LENGTH;
        payloadLength = length;
        payloadEncoding = encoding;
        return null;
    }

    private static String hex(final int value)
    {
        return String.format("%08x", value);
    }
}
