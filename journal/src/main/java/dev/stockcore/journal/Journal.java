package dev.stockcore.journal;

import dev.stockcore.engine.MovementHandler;
import dev.stockcore.engine.movement.MovementDecoder;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wires;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

import static dev.stockcore.journal.JournalDescriptor.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The movement journal: one Chronicle Queue excerpt per command (see {@link JournalDescriptor}).
 * <p>
 * Opened for writing, it is the engine's {@link MovementHandler}: each batch is appended as it is
 * produced, without allocating, and {@link #commit()} makes everything appended so far durable per the
 * {@link Durability} policy (group commit: one msync for many commands under {@code SYNC}). Opened for
 * reading, any number of processes may read while the one writer runs, and a {@link JournalTailer} follows
 * what it appends. Not thread safe: one thread appends, one thread reads per instance (or per tailer).
 */
public final class Journal implements MovementHandler, AutoCloseable
{
    /** Metadata value of an index not recorded. */
    private static final long NO_INDEX = -1;
    /** Staged batches beyond this many bytes are written as an excerpt before the commit. */
    public static final int STAGE_FLUSH_BYTES = 64 * 1024;
    /** The queue's roll cycle: one file per hour. */
    static final RollCycle ROLL_CYCLE = RollCycles.FAST_HOURLY;

    private final Path dir;
    private final SingleChronicleQueue queue;
    private final WriterLock lock;
    private final Durability durability;
    private ExcerptAppender appender;
    /** The writer's claim inside the journal, checked before each excerpt (null when reading). */
    private WriterLease lease;
    /** The excerpt being built: its header, then the staged batches from {@code HEADER_LENGTH} on. */
    private final ExpandableArrayBuffer staged = new ExpandableArrayBuffer(HEADER_LENGTH + STAGE_FLUSH_BYTES * 2);
    /** Encodes each excerpt's header and checksum into {@code staged}, reusing one CRC32C. */
    private final ExcerptCodec codec = new ExcerptCodec();
    /** Encodes each batch compactly into {@code staged} (excerpt encoding 1). */
    private final CompactBatchCodec compact = new CompactBatchCodec();
    /** The first index from which every excerpt is format 3 (Long.MAX_VALUE: none known yet). */
    private long checksummedFrom = Long.MAX_VALUE;
    private int stagedLength;
    private int stagedBatches;
    private long lastAppendedIndex = -1;
    private long appendedSinceCommit;
    /** Space allocated ahead in the cycle file being written, or null before the first excerpt of a file. */
    private JournalSpace space;
    private MappedFile spaceFile;
    /** Set when the margin after an excerpt could not be allocated: the next excerpt is refused. */
    private String spaceShort;
    private PretouchAgent pretouch;
    private AgentRunner pretouchRunner;

    private Journal(final Path dir, final SingleChronicleQueue queue, final WriterLock lock, final Durability durability)
    {
        this.dir = dir;
        this.queue = queue;
        this.lock = lock;
        this.durability = durability;
    }

    /**
     * Opens (creating if needed) a journal for writing, taking the single-writer lock.
     *
     * @param dir        the journal directory.
     * @param durability what a commit guarantees.
     * @return the journal.
     * @throws JournalException if another process writes it, it is of a newer format, or it cannot be created.
     */
    public static Journal openForWriting(final Path dir, final Durability durability)
    {
        try
        {
            Files.createDirectories(dir.resolve(QUEUE_DIR));
            Files.createDirectories(dir.resolve(SNAPSHOT_DIR));
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot create journal directory " + dir + ": " + ex +
                "; check the path and its permissions", ex);
        }
        if (!Files.isWritable(dir.resolve(QUEUE_DIR)))
        {
            throw new JournalException("journal directory " + dir + " is not writable; fix its permissions or " +
                "use read-only commands (dump, verify)");
        }
        final WriterLock lock = WriterLock.acquire(dir);
        SingleChronicleQueue queue = null;
        try
        {
            // Checked before Chronicle maps anything: it would re-extend a cut file and write past a torn tail.
            checkQueueFiles(dir);
            queue = build(dir, false);
            final Journal journal = new Journal(dir, queue, lock, durability);
            journal.checkFormat(true);
            journal.appender = queue.createAppender();
            journal.lastAppendedIndex = journal.lastIndex();
            journal.lease = WriterLease.claim(dir, queue.metaStore(), journal.lastAppendedIndex);
            try
            {
                journal.requireFreeSpace();
            }
            catch (final RuntimeException ex)
            {
                journal.lease.release();
                throw ex;
            }
            journal.startPretouch();
            return journal;
        }
        catch (final RuntimeException ex)
        {
            if (queue != null)
            {
                queue.close();
            }
            lock.close();
            throw ex;
        }
    }

    /**
     * Opens an existing journal for reading; never takes the writer lock.
     *
     * @param dir the journal directory.
     * @return the journal.
     * @throws JournalException if the directory is not a stockcore journal or is of a newer format.
     */
    public static Journal openForReading(final Path dir)
    {
        requireJournal(dir);
        checkQueueFiles(dir);
        // Always read-only: a reader never writes a byte of the directory (metadata, file sizes, mtimes), so it
        // also reads another user's journal or a read-only copy.
        final SingleChronicleQueue queue = build(dir, true);
        final Journal journal = new Journal(dir, queue, null, Durability.ASYNC);
        try
        {
            journal.checkFormat(false);
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            throw ex;
        }
        return journal;
    }

    /**
     * Whether a directory looks like a journal (has its queue directory); tells a file from a missing path.
     *
     * @param dir candidate.
     * @throws JournalException if it does not.
     */
    public static void requireJournal(final Path dir)
    {
        if (Files.exists(dir) && !Files.isDirectory(dir))
        {
            throw new JournalException(dir + " is a file, not a journal directory; pass the directory given to " +
                "--journal when the journal was written");
        }
        if (!Files.isDirectory(dir))
        {
            throw new JournalException("no journal at " + dir + ": the directory does not exist; pass the directory " +
                "given to --journal when the journal was written");
        }
        if (!Files.isDirectory(dir.resolve(QUEUE_DIR)))
        {
            throw new JournalException(dir + " is not a stockcore journal (it has no " + QUEUE_DIR +
                "/ directory); pass the directory given to --journal when the journal was written");
        }
    }

    /**
     * The first store of a session, and Chronicle's header of a new cycle file, land before this writer knows
     * where: refuse to start on a file system without room for them, rather than fault in the mapped write.
     */
    private void requireFreeSpace()
    {
        final long usable;
        try
        {
            usable = Files.getFileStore(dir.resolve(QUEUE_DIR)).getUsableSpace();
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot read the free space of " + dir + "'s file system: " + ex, ex);
        }
        if (usable < JournalSpace.MARGIN)
        {
            throw new JournalException("journal disk full: " + usable + " bytes usable on the file system of " + dir +
                ", the writer needs at least " + JournalSpace.MARGIN + "; free space on it, then start again");
        }
    }

    private void startPretouch()
    {
        pretouch = new PretouchAgent();
        pretouchRunner = new AgentRunner(new SleepingMillisIdleStrategy(1), this::pretouchFailed, null, pretouch);
        AgentRunner.startOnThread(pretouchRunner, runnable ->
        {
            // A daemon: a journal an application forgets to close must not keep its JVM alive.
            final Thread thread = new Thread(runnable, pretouch.roleName());
            thread.setDaemon(true);
            return thread;
        });
    }

    private void pretouchFailed(final Throwable ex)
    {
        // Only speed is lost (see PretouchAgent); the writer's own reservation keeps it safe.
    }

    /** @return the journal directory. */
    public Path dir()
    {
        return dir;
    }

    /** @return the durability policy of commits. */
    public Durability durability()
    {
        return durability;
    }

    /**
     * Stages one command's movement batch; the next {@link #commit()} writes every staged batch as one excerpt
     * (a group larger than {@value #STAGE_FLUSH_BYTES} bytes is written early, as several excerpts). Allocation
     * free once the staging buffer has grown to the largest group.
     */
    @Override
    public void onBatch(final DirectBuffer buffer, final int offset, final int length)
    {
        if (stagedBatches == 0)
        {
            stagedLength = compact.beginExcerpt(staged, HEADER_LENGTH,
                MovementDecoder.batchFirstSequence(buffer, offset));
        }
        stagedLength += compact.encodeBatch(buffer, offset, staged, HEADER_LENGTH + stagedLength);
        stagedBatches++;
        if (stagedLength >= STAGE_FLUSH_BYTES)
        {
            flush();
        }
    }

    /**
     * Writes the staged batches as one excerpt: one Chronicle header and index entry for the whole group.
     * The excerpt header and its CRC32C are encoded little-endian into the staging buffer by {@link ExcerptCodec}
     * and the excerpt handed to Chronicle as opaque bytes: Chronicle Bytes' {@code writeInt} is native order
     * ({@code RandomCommon.byteOrder()} answers {@code ByteOrder.nativeOrder()}), so the layout must not depend on it.
     */
    private void flush()
    {
        if (stagedLength == 0)
        {
            return;
        }
        if (spaceShort != null)
        {
            throw new JournalException("journal disk full: " + spaceShort + "; the command was not written and " +
                "the engine stops; free space on that file system, then start the writer again (nothing " +
                "acknowledged is lost)");
        }
        lease.checkBeforeAppend(lastAppendedIndex);
        final int excerptLength = HEADER_LENGTH + stagedLength;
        final long end;
        try (DocumentContext context = appender.writingDocument())
        {
            lease.checkFollows(context, queue.rollCycle(), lastAppendedIndex);
            final Bytes<?> bytes = context.wire().bytes();
            final long start = bytes.writePosition();
            end = start + excerptLength;
            final JournalSpace fileSpace = spaceFor(bytes);
            if (fileSpace != null)
            {
                try
                {
                    fileSpace.require(end + JournalSpace.MARGIN / 2);
                }
                catch (final JournalException ex)
                {
                    context.rollbackOnClose();
                    throw ex;
                }
            }
            bytes.write(staged.byteArray(), 0, codec.encode(staged, stagedLength, ENCODING_COMPACT));
        }
        if (space != null)
        {
            if (!space.reserveAhead(end))
            {
                spaceShort = "cannot allocate the next " + JournalSpace.MARGIN + " bytes of " + space.file() + " (" +
                    space.failure() + ")";
            }
            pretouch.writerAt(spaceFile, space, end);
        }
        lastAppendedIndex = appender.lastIndexAppended();
        lease.appended(lastAppendedIndex);
        appendedSinceCommit += stagedBatches;
        stagedLength = 0;
        stagedBatches = 0;
    }

    /**
     * The reservation of the cycle file the appender writes now: a new one when Chronicle has moved to another
     * file (a roll) or maps it anew; null if the appender does not write through a mapping.
     */
    private JournalSpace spaceFor(final Bytes<?> bytes)
    {
        if (!(bytes instanceof MappedBytes))
        {
            // Not a mapped file (never the case for a SingleChronicleQueue): nothing to fault, nothing to reserve.
            return null;
        }
        final MappedFile mappedFile = ((MappedBytes)bytes).mappedFile();
        if (mappedFile != spaceFile)
        {
            if (space != null)
            {
                space.close();
            }
            space = new JournalSpace(mappedFile.file());
            spaceFile = mappedFile;
        }
        return space;
    }

    /**
     * Group commit: writes the batches staged since the last commit as one excerpt and makes them durable per
     * the policy. Under {@code ASYNC} they are then in the mapped file (visible to readers, safe from a process
     * crash); under {@code SYNC} one msync forces them to disk. A command is acknowledged only after this.
     *
     * @return the number of batches this commit covered.
     */
    public long commit()
    {
        flush();
        final long covered = appendedSinceCommit;
        if (covered > 0 && durability == Durability.SYNC)
        {
            appender.sync();
        }
        appendedSinceCommit = 0;
        return covered;
    }

    /** @return the index of the last excerpt written by this writer (at a commit), or the last in the queue, or -1. */
    public long lastAppendedIndex()
    {
        return lastAppendedIndex;
    }

    /** @return the index of the last excerpt in the queue, or -1 if it is empty. */
    public long lastIndex()
    {
        final long index = queue.lastIndex();
        return index < 0 ? -1 : index;
    }

    /** @return the index of the first excerpt in the queue, or -1 if it is empty. */
    public long firstIndex()
    {
        final long index = queue.firstIndex();
        if (index == Long.MAX_VALUE || index < 0)
        {
            return -1;
        }
        if (lock == null)
        {
            // A read-only queue cannot refresh the directory listing in its metadata, so a cycle file deleted by
            // hand stays listed there: the files on disk say where the journal starts.
            final List<Path> files = JournalScan.cycleFiles(dir.resolve(QUEUE_DIR), ROLL_CYCLE);
            final int firstCycle = files.isEmpty() ? -1 : JournalScan.cycleOf(files.get(0), ROLL_CYCLE);
            if (files.isEmpty())
            {
                return -1;
            }
            if (firstCycle > ROLL_CYCLE.toCycle(index))
            {
                return ROLL_CYCLE.toIndex(firstCycle, 0);
            }
        }
        return index;
    }

    /**
     * Number of excerpts between two indices, for progress reporting.
     *
     * @param fromIndex inclusive.
     * @param toIndex   exclusive.
     * @return the count.
     */
    public long countExcerpts(final long fromIndex, final long toIndex)
    {
        if (fromIndex < 0 || toIndex < 0 || toIndex <= fromIndex)
        {
            return 0;
        }
        return queue.countExcerpts(fromIndex, toIndex);
    }

    /**
     * Reads every batch after {@code afterIndex} (or from the start if it is -1), in order.
     *
     * @param afterIndex index of the last excerpt already applied, or -1 to read from the first.
     * @param consumer   receives each batch; return false to stop.
     * @return the number of batches read.
     * @throws JournalException if {@code afterIndex} is not in the journal or an excerpt is of a newer format.
     */
    public long read(final long afterIndex, final BatchConsumer consumer)
    {
        try (JournalTailer tailer = tailer(afterIndex))
        {
            final long batches = tailer.poll(consumer, Long.MAX_VALUE);
            if (tailer.atEnd())
            {
                tailer.checkEnd();
            }
            return batches;
        }
    }

    /**
     * A reader positioned after {@code afterIndex} that can be polled again and again to follow the writer.
     * Close it when done.
     *
     * @param afterIndex index of the last excerpt already applied, or -1 to read from the first.
     * @return the tailer.
     * @throws JournalException if {@code afterIndex} is not in the journal.
     */
    public JournalTailer tailer(final long afterIndex)
    {
        checkIntact(afterIndex);
        final ExcerptTailer tailer = queue.createTailer();
        Bytes<?> startFile = null;
        long startEnd = -1;
        try
        {
            if (afterIndex >= 0)
            {
                if (!tailer.moveToIndex(afterIndex))
                {
                    throw new JournalException("journal " + dir + " has no " + excerptName(afterIndex) +
                        "; its cycle file is missing or it was never written");
                }
                try (DocumentContext skip = tailer.readingDocument())
                {
                    if (!skip.isPresent())
                    {
                        throw new JournalException("journal " + dir + " has no " + excerptName(afterIndex) +
                            "; it ends before it");
                    }
                    startFile = skip.wire().bytes();
                    startEnd = startFile.readPosition() + startFile.readRemaining();
                }
            }
            else
            {
                // A read-only queue's start is its metadata's listing, stale after a cycle file was deleted by
                // hand (its toStart would find nothing there): start at the first cycle file on disk.
                final long first = lock == null ? firstIndex() : -1;
                if (first < 0 || !tailer.moveToIndex(first))
                {
                    tailer.toStart();
                }
            }
            return new JournalTailer(this, tailer, afterIndex, startFile, startEnd);
        }
        catch (final RuntimeException ex)
        {
            tailer.close();
            throw ex;
        }
    }

    /**
     * Deletes the queue's cycle files that lie entirely before the cycle holding {@code keepFromIndex}.
     * A cycle file is named by its start time in the roll cycle's format (UTC). Call it only on a journal
     * opened for writing (the writer lock keeps other writers out), after checking that a valid snapshot
     * covers everything before {@code keepFromIndex}: the prune command does both.
     *
     * @param keepFromIndex the oldest index that must stay readable.
     * @return the files deleted.
     * @throws JournalException if a file cannot be deleted.
     */
    public List<Path> deleteCyclesBefore(final long keepFromIndex)
    {
        final int keepCycle = queue.rollCycle().toCycle(keepFromIndex);
        final SimpleDateFormat format = new SimpleDateFormat(queue.rollCycle().format());
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        final List<Path> deleted = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir.resolve(QUEUE_DIR), "*.cq4"))
        {
            for (final Path file : files)
            {
                final String name = file.getFileName().toString();
                final long start = format.parse(name.substring(0, name.length() - 4)).getTime();
                if (start / queue.rollCycle().lengthInMillis() < keepCycle)
                {
                    Files.delete(file);
                    deleted.add(file);
                }
            }
        }
        catch (final IOException | ParseException ex)
        {
            throw new JournalException("cannot prune " + dir.resolve(QUEUE_DIR) + ": " + ex, ex);
        }
        queue.refreshDirectoryListing();
        return deleted;
    }

    /**
     * Closes without writing what is staged: for a writer whose journal threw, where writing again could
     * duplicate or tear an excerpt. What was committed before stays.
     */
    public void closeWithoutCommit()
    {
        stagedLength = 0;
        stagedBatches = 0;
        appendedSinceCommit = 0;
        try
        {
            if (appender != null)
            {
                appender.close();
            }
            queue.close();
        }
        finally
        {
            if (lock != null)
            {
                lock.close();
            }
        }
    }

    @Override
    public void close()
    {
        try
        {
            if (appender != null)
            {
                try
                {
                    commit();
                }
                finally
                {
                    if (pretouchRunner != null)
                    {
                        pretouchRunner.close();
                    }
                    if (space != null)
                    {
                        space.close();
                    }
                    appender.close();
                    // Before the queue closes: the lease lives in its mapped metadata.
                    lease.release();
                }
            }
        }
        finally
        {
            try
            {
                queue.close();
            }
            finally
            {
                if (lock != null)
                {
                    lock.close();
                }
            }
        }
    }

    private void checkFormat(final boolean writer)
    {
        final long version = metadata(FORMAT_KEY, 0, writer);
        if (version == 0 && firstIndex() >= 0)
        {
            throw new JournalException(dir + " holds a Chronicle Queue that is not a stockcore journal (its metadata " +
                "has no " + FORMAT_KEY + "); nothing was changed: pass a stockcore journal directory");
        }
        if (version > FORMAT_VERSION)
        {
            throw newerFormat(version, "queue metadata");
        }
        if (writer && version < FORMAT_VERSION)
        {
            // A new journal, or a format 1 or 2 journal that this writer extends with checksummed format 3
            // excerpts. Where they start is recorded first, then the format (older builds must now refuse it), and
            // only then is anything written: while the format is below 3 no checksummed excerpt exists, so the
            // start is (re)computed from the queue as it is, also after a crash between the two steps.
            final long last = lastIndex();
            queue.metaStore().acquireValueFor(CHECKSUMMED_FROM_KEY, NO_INDEX).setOrderedValue(last < 0 ? 0 : last + 1);
            queue.metaStore().acquireValueFor(FORMAT_KEY, 0).setOrderedValue(FORMAT_VERSION);
        }
        refreshChecksummedFrom(writer);
    }

    /**
     * Reads {@value JournalDescriptor#CHECKSUMMED_FROM_KEY}; for a journal whose metadata says format 3 but lacks
     * it, every excerpt must be checksummed.
     */
    private void refreshChecksummedFrom(final boolean writer)
    {
        final long from = metadata(CHECKSUMMED_FROM_KEY, NO_INDEX, writer);
        if (from >= 0)
        {
            checksummedFrom = from;
        }
        else if (metadata(FORMAT_KEY, 0, writer) >= FORMAT_VERSION)
        {
            checksummedFrom = 0;
        }
    }

    /**
     * The first index from which every excerpt must be format 3, {@code Long.MAX_VALUE} if none is. Read again
     * from the metadata while unknown, for a reader that opened a format 2 journal a writer has since upgraded.
     *
     * @param refresh read the metadata again if it is not known yet.
     * @return the index.
     */
    long checksummedFrom(final boolean refresh)
    {
        if (refresh && checksummedFrom == Long.MAX_VALUE)
        {
            refreshChecksummedFrom(appender != null);
        }
        return checksummedFrom;
    }

    /**
     * Names an excerpt for a message: its index in hex (as Chronicle prints it) and in decimal, and its cycle
     * file, e.g. {@code excerpt at index 0x4f1a00000002 (86960862560258) in queue/20261203-22F.cq4}.
     *
     * @param index the excerpt's Chronicle index.
     * @return the description.
     */
    public String excerptName(final long index)
    {
        final SimpleDateFormat format = new SimpleDateFormat(queue.rollCycle().format());
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        final long cycleStart = (long)queue.rollCycle().toCycle(index) * queue.rollCycle().lengthInMillis();
        return "excerpt at index 0x" + Long.toHexString(index) + " (" + index + ") in " + QUEUE_DIR + "/" +
            format.format(new Date(cycleStart)) + SingleChronicleQueue.SUFFIX;
    }

    /**
     * A long from the queue's metadata. Only the writer acquires (creating a key that is missing); a reader looks
     * it up, so that reading never adds a key, and because a store opened read-only cannot acquire values.
     */
    private long metadata(final String name, final long absent, final boolean writer)
    {
        if (writer)
        {
            return queue.metaStore().acquireValueFor(name, absent).getVolatileValue();
        }
        final long[] found = { absent };
        queue.metaStore().forEachKey(found, (values, key, value) ->
        {
            if (name.contentEquals(key))
            {
                values[0] = value.int64();
            }
        });
        return found[0];
    }

    JournalException newerFormat(final long version, final String where)
    {
        return new JournalException("journal " + dir + " was written in format version " + version + " (" + where +
            "), but this build reads format version " + FORMAT_VERSION + "; use a newer stockcore to read it");
    }

    /**
     * Checks that every cycle file from the one holding {@code fromIndex} on ends cleanly (see
     * {@link JournalScan}): a torn, zero-filled or cut tail is refused with one line naming the file, the index
     * and what to run, instead of being taken for the end of the journal.
     *
     * @param fromIndex the first index about to be read (or the one before it), -1 for the whole journal.
     * @throws JournalException if a file is damaged.
     */
    public void checkIntact(final long fromIndex)
    {
        final List<Path> files = JournalScan.cycleFiles(dir.resolve(QUEUE_DIR), ROLL_CYCLE);
        final int fromCycle = fromIndex < 0 ? Integer.MIN_VALUE : ROLL_CYCLE.toCycle(fromIndex);
        long sequence = -1;
        for (int i = 0; i < files.size(); i++)
        {
            final int cycle = JournalScan.cycleOf(files.get(i), ROLL_CYCLE);
            if (cycle >= fromCycle || cycle < 0)
            {
                final JournalScan.CycleFile found =
                    JournalScan.scan(files.get(i), cycle, sequence);
                if (!found.intact())
                {
                    throw new JournalException(JournalScan.message(dir, found, indexOf(found)));
                }
                sequence = found.lastSequence();
            }
        }
    }

    /**
     * The metadata file and the newest cycle file, checked before Chronicle opens the queue: Chronicle's
     * own errors about them are stack traces ({@code Meta data not ready}, {@code No enum constant WireType}).
     */
    private static void checkQueueFiles(final Path dir)
    {
        final Path queueDir = dir.resolve(QUEUE_DIR);
        final List<Path> files = JournalScan.cycleFiles(queueDir, ROLL_CYCLE);
        final Path metadata = queueDir.resolve(JournalScan.METADATA_FILE);
        if (!Files.exists(metadata))
        {
            if (files.isEmpty())
            {
                return;
            }
            throw new JournalException("journal " + dir + ": " + dir.relativize(metadata) + " is missing; the " +
                "movements in the " + files.size() + " cycle file(s) are not affected by it: run ./stockcore repair " +
                "--journal " + dir + " to rebuild it");
        }
        final String damage = metadataDamage(metadata);
        if (damage != null)
        {
            throw new JournalException("journal " + dir + ": " + dir.relativize(metadata) + " is damaged (" + damage +
                "); the movements in the cycle files are not affected by it: run ./stockcore repair --journal " + dir +
                " to rebuild it, or restore the directory from a backup");
        }
        if (!files.isEmpty())
        {
            final Path last = files.get(files.size() - 1);
            final JournalScan.CycleFile found =
                JournalScan.scan(last, JournalScan.cycleOf(last, ROLL_CYCLE), -1);
            if (!found.intact())
            {
                throw new JournalException(JournalScan.message(dir, found, indexOf(found)));
            }
        }
    }

    /**
     * What is wrong with a metadata file's framing, or null: it starts with one complete Chronicle metadata
     * document that fits in the file.
     */
    static String metadataDamage(final Path metadata)
    {
        try (FileChannel channel = FileChannel.open(metadata, StandardOpenOption.READ))
        {
            final long size = channel.size();
            final ByteBuffer first = ByteBuffer.allocate(Integer.BYTES).order(LITTLE_ENDIAN);
            if (size < Integer.BYTES || channel.read(first, 0) < Integer.BYTES)
            {
                return "it is " + size + " bytes long";
            }
            final int header = first.getInt(0);
            if (!Wires.isReadyMetaData(header) || Wires.lengthOf(header) == 0 ||
                Integer.BYTES + (long)Wires.lengthOf(header) > size)
            {
                return "it does not start with a Chronicle table store header: 0x" + Integer.toHexString(header);
            }
            return null;
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot read " + metadata + ": " + ex.getMessage() + "; check its permissions", ex);
        }
    }

    private static long indexOf(final JournalScan.CycleFile found)
    {
        return found.cycle() < 0 ? -1 : ROLL_CYCLE.toIndex(found.cycle(), found.excerpts());
    }

    private static SingleChronicleQueue build(final Path dir, final boolean readOnly)
    {
        try
        {
            return SingleChronicleQueueBuilder.binary(dir.resolve(QUEUE_DIR))
                .rollCycle(ROLL_CYCLE)
                .readOnly(readOnly)
                .build();
        }
        catch (final RuntimeException | Error ex)
        {
            // Chronicle's reasons (Meta data not ready, No enum constant WireType...) are its internals.
            throw new JournalException("journal " + dir + ": Chronicle Queue cannot open " + dir.resolve(QUEUE_DIR) +
                " (" + ex.getClass().getSimpleName() + ": " + ex.getMessage() + "); its metadata.cq4t or a cycle " +
                "file is damaged: run ./stockcore repair --journal " + dir + ", or restore it from a backup", ex);
        }
    }

    /**
     * Receives the batches of {@link #read(long, BatchConsumer)}.
     */
    @FunctionalInterface
    public interface BatchConsumer
    {
        /**
         * @param index  Chronicle index of the excerpt.
         * @param buffer holding the batch (reused after the call).
         * @param offset of the batch header.
         * @param length of the batch.
         * @return true to go on reading.
         */
        boolean onBatch(long index, DirectBuffer buffer, int offset, int length);
    }
}
