package dev.stockcore.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single-writer guarantee: an OS file lock on {@code DIR/writer.lock}, held for the writer's lifetime.
 * The OS releases it when the process dies, even by {@code kill -9}, so a crashed writer never blocks
 * the next one. The file also records the holder's pid, host and start time for the refusal message.
 * <p>
 * The file can be deleted while it is locked (it looks like a stale pid file), and a new file of the same name
 * is a new lock: so the lock alone does not keep a second writer out. {@link WriterLease}, recorded inside the
 * queue's metadata, does.
 */
final class WriterLock implements AutoCloseable
{
    /**
     * Lock files this process holds. An OS file lock belongs to the process, and closing any descriptor of
     * the file drops it, so a second open in the same process must be refused before it opens the file.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private WriterLock(final Path file, final FileChannel channel, final FileLock lock)
    {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    static WriterLock acquire(final Path dir)
    {
        final Path file = dir.resolve(JournalDescriptor.LOCK_FILE).toAbsolutePath().normalize();
        if (!HELD.add(file))
        {
            throw new JournalException("journal " + dir + " is already open for writing in this process (pid " +
                ProcessHandle.current().pid() + "); only one writer at a time: close the other one first");
        }
        try
        {
            return lock(dir, file);
        }
        catch (final RuntimeException ex)
        {
            HELD.remove(file);
            throw ex;
        }
    }

    private static WriterLock lock(final Path dir, final Path file)
    {
        final FileChannel channel;
        try
        {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot open the writer lock " + file + ": " + ex.getMessage() +
                "; check that the journal directory is writable", ex);
        }
        FileLock lock = null;
        try
        {
            lock = channel.tryLock();
        }
        catch (final OverlappingFileLockException ex)
        {
            lock = null;
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new JournalException("cannot lock " + file + ": " + ex.getMessage(), ex);
        }
        if (lock == null)
        {
            final String holder = holder(file);
            closeQuietly(channel);
            throw new JournalException("journal " + dir + " is already open for writing by another process" +
                holder + "; only one writer at a time: stop it first (read-only commands such as dump work meanwhile)");
        }
        try
        {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(holderRecord().getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new JournalException("cannot write the writer lock " + file + ": " + ex.getMessage(), ex);
        }
        return new WriterLock(file, channel, lock);
    }

    @Override
    public void close()
    {
        try
        {
            lock.release();
        }
        catch (final IOException ignore)
        {
            // Closing the channel below releases the lock as well.
        }
        closeQuietly(channel);
        HELD.remove(file);
    }

    /**
     * What the lock file says about its holder: the pid on the first line (what older builds wrote), then the
     * host and the process's start time, so that a refusal names the holder well enough to find it.
     */
    private static String holderRecord()
    {
        final ProcessHandle process = ProcessHandle.current();
        // The kernel's name, not InetAddress.getLocalHost(), which may wait on a name server.
        String host = System.getenv().getOrDefault("HOSTNAME", "unknown");
        try
        {
            host = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).trim();
        }
        catch (final IOException | RuntimeException ex)
        {
            // Not Linux: the environment's name stands.
        }
        return process.pid() + "\nhost " + host + "\nstarted " +
            process.info().startInstant().map(Instant::toString).orElse("unknown") + "\n";
    }

    private static String holder(final Path file)
    {
        try
        {
            final String[] lines = Files.readString(file, StandardCharsets.US_ASCII).trim().split("\n");
            final StringBuilder holder = new StringBuilder();
            if (!lines[0].isEmpty())
            {
                holder.append(" (pid ").append(lines[0]).append(')');
            }
            for (int i = 1; i < lines.length; i++)
            {
                holder.append(i == 1 ? " " : ", ").append(lines[i]);
            }
            return holder.toString();
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    private static void closeQuietly(final FileChannel channel)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // Nothing more can be done; the OS releases the descriptor at exit.
        }
    }
}
