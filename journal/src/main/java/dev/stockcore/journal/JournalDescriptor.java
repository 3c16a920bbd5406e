package dev.stockcore.journal;

/**
 * Layout of a journal directory and of its excerpts.
 * <pre>
 * DIR/
 *   queue/                Chronicle Queue: hourly cycle files (*.cq4) and metadata.cq4t, which also holds
 *                         the journal format version under the key {@value #FORMAT_KEY}, the first
 *                         checksummed index under {@value #CHECKSUMMED_FROM_KEY} and the writer's claim
 *                         (see WriterLease)
 *   snapshots/            snapshot-&lt;sequence, 20 digits&gt;.snap (see {@link SnapshotStore})
 *   writer.lock           OS file lock held by the one process writing, with its pid, host and start time
 *   names.log             product names by SKU, beside the engine's state (see
 *                         dev.stockcore.journal.catalogue.NameLogDescriptor); never pruned
 * </pre>
 * One excerpt holds the movement batches of one group commit (one command's batch, or a runtime batch of up to
 * {@code batchLimit} commands), each batch whole, so a command is atomic on disk and a group costs one Chronicle
 * header and index entry. Format 3, little-endian:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 journal format version = 3 (int)              |  0
 *  +---------------------------------------------------------------+
 *  |            CRC32C of bytes [8, 16 + length) (int)             |  4
 *  +---------------------------------------------------------------+
 *  |           length of the payload in bytes (int)                |  8
 *  +-------------------------------+-------------------------------+
 *  |     encoding (short)          |     reserved, 0 (short)       | 12
 *  +-------------------------------+-------------------------------+
 *  |     payload: in encoding 1 (what this build writes), the      | 16
 *  |     movement batches in the compact encoding of              |
 *  |     CompactBatchCodec; in encoding 0, the batches in the     |
 *  |     engine's MovementDescriptor layout, each starting with   |
 *  |     its own length ...                                        |
 *  +---------------------------------------------------------------+
 * </pre>
 * Encoding {@value #ENCODING_COMPACT} is the movement batches delta- and varint-coded ({@link CompactBatchCodec}:
 * about a fifth of the bytes, decoded back to exactly the engine's bytes, so every reader sees the same
 * movements); {@value #ENCODING_MOVEMENT_BATCHES} is the batches as the engine wrote them (the payload of formats 1
 * and 2; a format 3 reader reads it too, though this build writes encoding 1). A reader refuses an encoding it does not know, or a non-zero reserved field, as
 * written by a newer stockcore (only once the checksum holds: a flipped bit there is damage, not a newer build).
 * The checksum ({@link java.util.zip.CRC32C}) covers everything after itself: length, encoding, reserved and
 * payload; the version is checked by value. {@link ExcerptCodec} encodes and checks it.
 * <p>
 * Formats 1 and 2 had an 8-byte header, the format version (int) and the length of the batches (int), and no
 * checksum (format 1 excerpts held exactly one batch). They still read, with their declared length required to
 * be exactly what the excerpt holds. So that a flipped version field cannot turn a checksummed excerpt into one
 * read without a check, the writer that first writes format 3 into a journal records, in the queue metadata
 * under {@value #CHECKSUMMED_FROM_KEY}, the index from which every excerpt is format 3: the index after the last
 * excerpt then in the queue (0 for a new journal), before it raises {@value #FORMAT_KEY} to 3 and before it
 * writes. Chronicle indices only grow, so every later excerpt lies at or after it, and any excerpt there that
 * is not a valid format 3 excerpt is damage. A journal without the key (format 1 or 2) has no checksummed
 * excerpt.
 * <p>
 * Little-endian throughout, on every platform: {@link Journal} encodes the header with Agrona's explicit
 * {@code LITTLE_ENDIAN} accessors and hands Chronicle the excerpt as opaque bytes, and the batches are in the
 * little-endian movement layout. (Chronicle Queue's own framing around an excerpt is Chronicle's format;
 * Chronicle runs on little-endian platforms only.)
 */
public final class JournalDescriptor
{
    /** Format this build writes and the newest it reads. */
    public static final int FORMAT_VERSION = 3;
    /** Key of the format version in the queue's metadata store. */
    public static final String FORMAT_KEY = "stockcore.journal.format";
    /** Key, in the queue's metadata store, of the first index from which every excerpt is format 3. */
    public static final String CHECKSUMMED_FROM_KEY = "stockcore.journal.checksummed.from";
    /** Sub-directory holding the Chronicle Queue. */
    public static final String QUEUE_DIR = "queue";
    /** Sub-directory holding snapshots. */
    public static final String SNAPSHOT_DIR = "snapshots";
    /** The writer's lock file. */
    public static final String LOCK_FILE = "writer.lock";
    /** The product names log, appended to by the writer only. */
    public static final String NAMES_FILE = "names.log";
    /** Offset of the format version in an excerpt, in every format. */
    public static final int VERSION_OFFSET = 0;
    /** Offset of the CRC32C in a format 3 excerpt. */
    public static final int CHECKSUM_OFFSET = 4;
    /** Offset of the payload length in a format 3 excerpt. */
    public static final int LENGTH_OFFSET = 8;
    /** Offset of the payload encoding (short) in a format 3 excerpt. */
    public static final int ENCODING_OFFSET = 12;
    /** Offset of the reserved short, 0, in a format 3 excerpt. */
    public static final int RESERVED_OFFSET = 14;
    /** Length of the format 3 excerpt header before the payload. */
    public static final int HEADER_LENGTH = 16;
    /** Encoding of a payload of movement batches in the engine's MovementDescriptor layout. */
    public static final short ENCODING_MOVEMENT_BATCHES = 0;
    /** Encoding of a payload of movement batches in the compact encoding of {@link CompactBatchCodec}. */
    public static final short ENCODING_COMPACT = 1;
    /** Offset of the batch length in a format 1 or 2 excerpt. */
    public static final int LEGACY_LENGTH_OFFSET = 4;
    /** Length of the format 1 or 2 excerpt header before the batches. */
    public static final int LEGACY_HEADER_LENGTH = 8;

    private JournalDescriptor()
    {
    }
}
