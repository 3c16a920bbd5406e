package dev.stockcore.journal;

import dev.stockcore.engine.SnapshotSink;
import dev.stockcore.engine.SnapshotSource;
import dev.stockcore.engine.StockEngine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * Engine snapshots in {@code DIR/snapshots}, one file each, named {@code snapshot-<sequence>.snap}.
 * Written to a temporary file, forced to disk and renamed into place, so a snapshot file is either
 * complete or absent; a CRC32C over the whole file catches anything else. Every value is little-endian (the
 * file is read and written through {@code ByteBuffer}s ordered {@code LITTLE_ENDIAN}), so a snapshot means
 * the same on every machine:
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                 magic "STKSNAP1" (long)                       |  0
 *  +-------------------------------+-------------------------------+
 *  |   file format version (int)   | engine snapshot version (int) |  8
 *  +-------------------------------+-------------------------------+
 *  |        journal index covered (long, -1 if none)               | 16
 *  +---------------------------------------------------------------+
 *  |        sequence covered (long)                                | 24
 *  +---------------------------------------------------------------+
 *  |        engine time (long)                                     | 32
 *  +---------------------------------------------------------------+
 *  |        engine state: StockEngine#takeSnapshot stream ...      | 40
 *  +---------------------------------------------------------------+
 *  |        body length (long)                                     | end - 16
 *  +-------------------------------+-------------------------------+
 *  |  CRC32C of all before (int)   |      end magic "SNPE" (int)   | end - 8
 *  +-------------------------------+-------------------------------+
 * </pre>
 */
public final class SnapshotStore
{
    /** Format of snapshot files this build writes and reads. */
    public static final int FILE_VERSION = 1;
    static final long MAGIC = 0x31504E534B4E5453L;
    static final int END_MAGIC = 0x45504E53;
    static final int HEADER_LENGTH = 40;
    static final int TRAILER_LENGTH = 16;
    private static final int CHUNK = 1 << 20;

    private final Path dir;

    /**
     * @param journalDir the journal directory; snapshots live in its {@code snapshots/} sub-directory.
     */
    public SnapshotStore(final Path journalDir)
    {
        this.dir = journalDir.resolve(JournalDescriptor.SNAPSHOT_DIR);
    }

    /**
     * What a snapshot file says it covers.
     *
     * @param file         the snapshot file.
     * @param journalIndex index of the last journal excerpt applied to the state, -1 if none.
     * @param sequence     last movement sequence applied.
     * @param time         engine time.
     */
    public record Info(Path file, long journalIndex, long sequence, long time)
    {
    }

    /**
     * A snapshot loaded into an engine.
     *
     * @param engine the engine holding the state.
     * @param info   what it covers.
     */
    public record Loaded(StockEngine engine, Info info)
    {
    }

    /**
     * Writes a snapshot of the engine, atomically.
     *
     * @param engine       the engine, between commands.
     * @param journalIndex index of the last journal excerpt the state includes.
     * @return the snapshot file.
     * @throws JournalException if it cannot be written.
     */
    public Path write(final StockEngine engine, final long journalIndex)
    {
        final Path file = dir.resolve(String.format("snapshot-%020d.snap", engine.sequence()));
        final Path temp = dir.resolve(file.getFileName() + ".tmp");
        try
        {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))
            {
                final ChannelSink sink = new ChannelSink(channel);
                sink.putLong(MAGIC);
                sink.putInt(FILE_VERSION);
                sink.putInt(StockEngine.SNAPSHOT_VERSION);
                sink.putLong(journalIndex);
                sink.putLong(engine.sequence());
                sink.putLong(engine.time());
                final long bodyStart = sink.position();
                engine.takeSnapshot(sink);
                sink.putLong(sink.position() - bodyStart);
                sink.finishWithCrc(END_MAGIC);
                channel.force(true);
            }
            try
            {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(dir);
            return file;
        }
        catch (final IOException ex)
        {
            try
            {
                Files.deleteIfExists(temp);
            }
            catch (final IOException ignore)
            {
                // The temporary file is ignored by readers anyway.
            }
            throw new JournalException("cannot write snapshot " + file + ": " + ex +
                "; check free disk space and permissions", ex);
        }
    }

    /**
     * Snapshot files, newest (highest sequence) first. Temporary files are not listed.
     *
     * @return the files.
     */
    public List<Path> list()
    {
        final List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir))
        {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "snapshot-*.snap"))
        {
            stream.forEach(files::add);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot list snapshots in " + dir + ": " + ex, ex);
        }
        files.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        return files;
    }

    /**
     * Loads the newest snapshot that passes its checks; each one skipped is reported in {@code warnings}.
     *
     * @param newEngine makes the empty engine to load into.
     * @param warnings  receives one line per skipped snapshot, with the reason.
     * @return the loaded snapshot, or null if there is none usable.
     */
    public Loaded loadNewestValid(final Supplier<StockEngine> newEngine, final List<String> warnings)
    {
        for (final Path file : list())
        {
            try
            {
                return load(file, newEngine.get());
            }
            catch (final JournalException | IllegalStateException ex)
            {
                warnings.add("snapshot " + file.getFileName() + " skipped: " + ex.getMessage());
            }
        }
        return null;
    }

    /**
     * Reads and checks a snapshot's header and checksum without loading it.
     *
     * @param file the snapshot.
     * @return what it covers.
     * @throws JournalException if it is not a valid snapshot.
     */
    public Info verify(final Path file)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size < HEADER_LENGTH + TRAILER_LENGTH)
            {
                throw new JournalException("it is " + size + " bytes, too short to be a snapshot");
            }
            final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            final CRC32C crc = new CRC32C();
            long position = 0;
            final long covered = size - 8;
            while (position < covered)
            {
                chunk.clear().limit((int)Math.min(CHUNK, covered - position));
                readFully(channel, chunk, position);
                chunk.flip();
                crc.update(chunk);
                position += chunk.limit();
            }
            final ByteBuffer tail = ByteBuffer.allocate(TRAILER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, tail, size - TRAILER_LENGTH);
            tail.flip();
            final long bodyLength = tail.getLong();
            final int storedCrc = tail.getInt();
            final int endMagic = tail.getInt();
            if (endMagic != END_MAGIC)
            {
                throw new JournalException("its trailer is missing (the file is truncated or not a snapshot)");
            }
            if ((int)crc.getValue() != storedCrc)
            {
                throw new JournalException(String.format("checksum mismatch (stored %08x, computed %08x)",
                    storedCrc, (int)crc.getValue()));
            }
            if (bodyLength != size - HEADER_LENGTH - TRAILER_LENGTH)
            {
                throw new JournalException("body length " + bodyLength + " does not match the file size " + size);
            }
            final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, header, 0);
            header.flip();
            if (header.getLong() != MAGIC)
            {
                throw new JournalException("it does not start with the snapshot magic");
            }
            final int fileVersion = header.getInt();
            final int engineVersion = header.getInt();
            if (fileVersion != FILE_VERSION || engineVersion != StockEngine.SNAPSHOT_VERSION)
            {
                throw new JournalException("it is snapshot format " + fileVersion + "/engine " + engineVersion +
                    "; this build reads " + FILE_VERSION + "/" + StockEngine.SNAPSHOT_VERSION);
            }
            return new Info(file, header.getLong(), header.getLong(), header.getLong());
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot read it: " + ex, ex);
        }
    }

    /**
     * Verifies a snapshot and loads it into a new engine.
     *
     * @param file   the snapshot.
     * @param engine a new, empty engine.
     * @return the loaded snapshot.
     * @throws JournalException if the snapshot is not valid.
     */
    public Loaded load(final Path file, final StockEngine engine)
    {
        final Info info = verify(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ChannelSource source = new ChannelSource(channel, HEADER_LENGTH, channel.size() - TRAILER_LENGTH);
            engine.loadSnapshot(source);
            if (!source.exhausted())
            {
                throw new JournalException("the engine state ends before the snapshot body does");
            }
            if (engine.sequence() != info.sequence())
            {
                throw new JournalException("header says sequence " + info.sequence() + ", state says " +
                    engine.sequence());
            }
            return new Loaded(engine, info);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot read it: " + ex, ex);
        }
    }

    /**
     * Deletes every snapshot but the given one.
     *
     * @param keep the snapshot to keep.
     * @return the files deleted.
     */
    public List<Path> deleteAllBut(final Path keep)
    {
        final List<Path> deleted = new ArrayList<>();
        for (final Path file : list())
        {
            if (!file.equals(keep))
            {
                try
                {
                    Files.delete(file);
                    deleted.add(file);
                }
                catch (final IOException ex)
                {
                    throw new JournalException("cannot delete snapshot " + file + ": " + ex, ex);
                }
            }
        }
        return deleted;
    }

    private static void readFully(final FileChannel channel, final ByteBuffer buffer, final long position)
        throws IOException
    {
        long at = position;
        while (buffer.hasRemaining())
        {
            final int read = channel.read(buffer, at);
            if (read < 0)
            {
                throw new IOException("unexpected end of file at " + at);
            }
            at += read;
        }
    }

    private static void forceDirectory(final Path dir)
    {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ignore)
        {
            // Some file systems cannot open a directory for fsync; the rename is still atomic there.
        }
    }

    /** Buffers values into 1 MiB writes, with a running CRC32C. */
    private static final class ChannelSink implements SnapshotSink
    {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();
        private long flushed;

        ChannelSink(final FileChannel channel)
        {
            this.channel = channel;
        }

        long position()
        {
            return flushed + buffer.position();
        }

        @Override
        public void putLong(final long value)
        {
            ensure(8);
            buffer.putLong(value);
        }

        @Override
        public void putInt(final int value)
        {
            ensure(4);
            buffer.putInt(value);
        }

        @Override
        public void putByte(final byte value)
        {
            ensure(1);
            buffer.put(value);
        }

        void finishWithCrc(final int endMagic) throws IOException
        {
            flush();
            buffer.putInt((int)crc.getValue());
            buffer.putInt(endMagic);
            buffer.flip();
            while (buffer.hasRemaining())
            {
                channel.write(buffer);
            }
        }

        private void ensure(final int bytes)
        {
            if (buffer.remaining() < bytes)
            {
                try
                {
                    flush();
                }
                catch (final IOException ex)
                {
                    throw new JournalException("cannot write snapshot: " + ex, ex);
                }
            }
        }

        private void flush() throws IOException
        {
            buffer.flip();
            crc.update(buffer.duplicate());
            flushed += buffer.remaining();
            while (buffer.hasRemaining())
            {
                channel.write(buffer);
            }
            buffer.clear();
        }
    }

    /** Reads values from a region of a file through a 1 MiB buffer. */
    private static final class ChannelSource implements SnapshotSource
    {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        private final long end;
        private long position;

        ChannelSource(final FileChannel channel, final long start, final long end)
        {
            this.channel = channel;
            this.position = start;
            this.end = end;
            buffer.limit(0);
        }

        boolean exhausted()
        {
            return position == end && !buffer.hasRemaining();
        }

        @Override
        public long getLong()
        {
            ensure(8);
            return buffer.getLong();
        }

        @Override
        public int getInt()
        {
            ensure(4);
            return buffer.getInt();
        }

        @Override
        public byte getByte()
        {
            ensure(1);
            return buffer.get();
        }

        private void ensure(final int bytes)
        {
            if (buffer.remaining() >= bytes)
            {
                return;
            }
            buffer.compact();
            final long toRead = Math.min(buffer.remaining(), end - position);
            buffer.limit(buffer.position() + (int)toRead);
            try
            {
                readFully(channel, buffer, position);
            }
            catch (final IOException ex)
            {
                throw new JournalException("cannot read snapshot: " + ex, ex);
            }
            position += toRead;
            buffer.flip();
            if (buffer.remaining() < bytes)
            {
                throw new JournalException("the snapshot body ends in the middle of the engine state");
            }
        }
    }
}
