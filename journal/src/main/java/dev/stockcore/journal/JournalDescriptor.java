package dev.stockcore.journal;

/**
 * Layout of a journal directory and of its excerpts.
 * <pre>
 * DIR/
 *   queue/                Chronicle Queue: hourly cycle files (*.cq4) and metadata.cq4t, which also holds
 *                         the journal format version under the key {@value #FORMAT_KEY} and the writer's
 *                         claim (see WriterLease)
 *   snapshots/            snapshot-&lt;sequence, 20 digits&gt;.snap (see {@link SnapshotStore})
 *   writer.lock           OS file lock held by the one process writing, with its pid, host and start time
 *   names.log             product names by SKU, beside the engine's state (see
 *                         dev.stockcore.journal.catalogue.NameLogDescriptor); never pruned
 * </pre>
 * One excerpt holds the movement batches of one group commit (one command's batch, or a runtime batch of up to
 * {@code batchLimit} commands), each batch whole, so a command is atomic on disk and a group costs one Chronicle
 * header and index entry:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 journal format version (int)                  |
 *  +---------------------------------------------------------------+
 *  |                 length of the batches in bytes (int)          |
 *  +---------------------------------------------------------------+
 *  |     movement batch, engine MovementDescriptor layout          |
 *  |     (its header starts with its own length) ...               |
 *  +---------------------------------------------------------------+
 *  |     next movement batch ...                                   |
 * </pre>
 * Format 1 excerpts held exactly one batch; they read the same way, so journals written by format 1 builds
 * stay readable (a writer of this build upgrades the stamp to 2).
 * Little-endian throughout, on every platform: {@link Journal} encodes the header with Agrona's explicit
 * {@code LITTLE_ENDIAN} accessors and hands Chronicle the excerpt as opaque bytes, and the batches are in the
 * little-endian movement layout. (Chronicle Queue's own framing around an excerpt is Chronicle's format;
 * Chronicle runs on little-endian platforms only.)
 */
public final class JournalDescriptor
{
    /** Format this build writes and the newest it reads. */
    public static final int FORMAT_VERSION = 2;
    /** Key of the format version in the queue's metadata store. */
    public static final String FORMAT_KEY = "stockcore.journal.format";
    /** Sub-directory holding the Chronicle Queue. */
    public static final String QUEUE_DIR = "queue";
    /** Sub-directory holding snapshots. */
    public static final String SNAPSHOT_DIR = "snapshots";
    /** The writer's lock file. */
    public static final String LOCK_FILE = "writer.lock";
    /** The product names log, appended to by the writer only. */
    public static final String NAMES_FILE = "names.log";
    /** Offset of the format version in an excerpt. */
    public static final int VERSION_OFFSET = 0;
    /** Offset of the batch length in an excerpt. */
    public static final int LENGTH_OFFSET = 4;
    /** Length of the excerpt header before the batch. */
    public static final int HEADER_LENGTH = 8;

    private JournalDescriptor()
    {
    }
}
