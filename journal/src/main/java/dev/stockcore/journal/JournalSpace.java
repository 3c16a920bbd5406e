package dev.stockcore.journal;

import net.openhft.posix.PosixAPI;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Disk space for the writer's next excerpts, allocated before they are written.
 * <p>
 * Chronicle writes excerpts into a memory-mapped, sparse cycle file. When the file system cannot allocate the
 * block behind a page the writer touches, the kernel answers the store with {@code SIGBUS}, which the JVM turns
 * into an {@link InternalError} delivered asynchronously, possibly after the command was acknowledged, and the
 * excerpt is left torn. So the blocks are allocated first, with {@code fallocate(FALLOC_FL_KEEP_SIZE)}, which
 * fails cleanly with {@code ENOSPC}: the writer refuses the command before writing a byte of it ({@link
 * #require}), and every excerpt it writes lies in space already allocated.
 * <p>
 * The writer keeps at least {@link #MARGIN} bytes reserved past the end of what it wrote ({@link
 * #reserveAhead}), so that Chronicle's own header of the next excerpt and any index array it adds land in
 * allocated space too; the {@link PretouchAgent} reserves further ahead in the background so that the writer
 * rarely makes the system call itself. Thread safe: the reserved end only grows, by compare-and-set.
 * <p>
 * Where {@code fallocate} is unavailable (a platform without it, a file system that does not support it), the
 * reservation falls back to checking the file system's usable space, which still refuses before the write but
 * cannot keep another process from taking the space meanwhile.
 */
final class JournalSpace implements AutoCloseable
{
    /** Bytes kept allocated past the end of the last excerpt the writer wrote. */
    static final long MARGIN = 256L << 10;
    /** Bytes the writer allocates at once when it has to do so itself. */
    static final long WRITER_STEP = 1L << 20;

    private static final int O_RDWR = 2;
    private static final int FALLOC_FL_KEEP_SIZE = 1;
    private static final int EOPNOTSUPP = 95;
    private static final int ENOSYS = 38;

    private final File file;
    private final AtomicLong reservedEnd = new AtomicLong();
    private final Object allocation = new Object();
    private int fd = -1;
    private boolean fallocateWorks = true;
    private volatile String failure;

    JournalSpace(final File file)
    {
        this.file = file;
    }

    /** @return the cycle file this reservation is for. */
    File file()
    {
        return file;
    }

    /** @return the file offset below which every byte's block is allocated. */
    long reservedEnd()
    {
        return reservedEnd.get();
    }

    /** @return why the last allocation failed (disk full), or null. */
    String failure()
    {
        return failure;
    }

    /**
     * Makes sure {@code [position, end)} is allocated, allocating on this thread if it is not yet.
     *
     * @param end first offset that need not be allocated.
     * @throws JournalException if the file system has no room for it.
     */
    void require(final long end)
    {
        if (end <= reservedEnd.get())
        {
            return;
        }
        // A step ahead if the file system has it, else exactly what this excerpt needs.
        if (!allocate(end + WRITER_STEP - MARGIN) && !allocate(end))
        {
            throw new JournalException("journal disk full: cannot allocate " + (end - reservedEnd.get()) +
                " more bytes in " + file + " (" + failure + "); the command was not written and the engine stops; " +
                "free space on that file system, then start the writer again (nothing acknowledged is lost)");
        }
    }

    /**
     * After an excerpt: keeps {@link #MARGIN} bytes allocated past its end.
     *
     * @param writtenEnd the end of what the writer has written.
     * @return false if the file system could not give the margin: the next excerpt will be refused.
     */
    boolean reserveAhead(final long writtenEnd)
    {
        final long end = writtenEnd + MARGIN;
        return end <= reservedEnd.get() || allocate(end + WRITER_STEP - MARGIN) || allocate(end);
    }

    /**
     * Allocates the blocks up to {@code end}; called by the writer and by the pretouch agent.
     *
     * @param end first offset that need not be allocated.
     * @return true if everything below {@code end} is now allocated.
     */
    boolean allocate(final long end)
    {
        synchronized (allocation)
        {
            final long from = reservedEnd.get();
            if (end <= from)
            {
                return true;
            }
            if (fallocateWorks && openDescriptor())
            {
                final PosixAPI posix = PosixAPI.posix();
                final int rc = posix.fallocate(fd, FALLOC_FL_KEEP_SIZE, from, end - from);
                if (rc == 0)
                {
                    failure = null;
                    advance(end);
                    return true;
                }
                final int errno = posix.lastError();
                if (errno != EOPNOTSUPP && errno != ENOSYS)
                {
                    failure = "fallocate: " + posix.strerror(errno);
                    return false;
                }
                fallocateWorks = false;
            }
            return checkUsableSpace(from, end);
        }
    }

    private boolean checkUsableSpace(final long from, final long end)
    {
        try
        {
            final long usable = Files.getFileStore(file.toPath()).getUsableSpace();
            if (usable >= end - from)
            {
                failure = null;
                advance(end);
                return true;
            }
            failure = "only " + usable + " bytes usable on its file system";
        }
        catch (final IOException ex)
        {
            failure = "cannot read its file system's free space: " + ex.getMessage();
        }
        return false;
    }

    private boolean openDescriptor()
    {
        if (fd < 0)
        {
            try
            {
                fd = PosixAPI.posix().open(file.getAbsolutePath(), O_RDWR, 0);
            }
            catch (final RuntimeException | LinkageError ex)
            {
                fd = -1;
            }
            if (fd < 0)
            {
                fallocateWorks = false;
                return false;
            }
        }
        return true;
    }

    private void advance(final long end)
    {
        long current;
        while ((current = reservedEnd.get()) < end && !reservedEnd.compareAndSet(current, end))
        {
            Thread.onSpinWait();
        }
    }

    @Override
    public void close()
    {
        synchronized (allocation)
        {
            if (fd >= 0)
            {
                PosixAPI.posix().close(fd);
                fd = -1;
            }
        }
    }
}
