package dev.stockcore.journal;

import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.core.io.ReferenceOwner;
import net.openhft.posix.PosixAPI;
import org.agrona.concurrent.Agent;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prepares the journal's next pages ahead of the writer, on its own thread, so that the writer's stores never
 * fault on the file system.
 * <p>
 * Why: the first store to a page of a sparse memory-mapped file takes a page fault that allocates the block and,
 * with the disk's read-ahead (8 MB on this project's test machine), reads and zeroes megabytes of page cache
 * synchronously: 14–16 ms on the writer's thread, every 8 MB. Chronicle Queue's open-source
 * {@code pretouch()} is a stub. This agent, {@link #AHEAD} bytes ahead of the writer's position:
 * <ol>
 *   <li>allocates the blocks ({@link JournalSpace#allocate}, {@code fallocate}), which is also what lets the
 *   writer refuse cleanly on a full disk;</li>
 *   <li>faults the pages in through <em>Chronicle's own mapping</em> (the {@link MappedBytesStore} chunks of the
 *   {@link MappedFile} the appender writes through, acquired with {@link MappedFile#acquireByteStore}), with
 *   {@code madvise(MADV_POPULATE_WRITE)} (Linux 5.14+), or where that is refused by a compare-and-swap of 0 with
 *   0 on one word per page, which changes no byte but takes the write fault here instead of on the writer. A
 *   second, separate mapping of the file would not do: its pages are not the writer's page-table entries;</li>
 *   <li>holds a reference on the chunks it mapped and releases each only when the writer is a whole chunk past
 *   it, so that the unmapping (and its TLB shootdown) happens on this thread, not at the writer's chunk
 *   switch.</li>
 * </ol>
 * The writer publishes its cycle file and position with {@link #writerAt}; everything else happens here.
 */
final class PretouchAgent implements Agent
{
    /** How far ahead of the writer pages are allocated and faulted in. */
    static final long AHEAD = 32L << 20;
    /** Bytes prepared per duty cycle, so that a change of file is noticed promptly. */
    static final long STEP = 1L << 20;

    private static final int PAGE = 4096;
    private static final int MADV_POPULATE_WRITE = 23;

    private final ReferenceOwner owner = ReferenceOwner.temporary("stockcore-pretouch");
    private final ArrayDeque<MappedBytesStore> held = new ArrayDeque<>();
    private volatile MappedFile writerFile;
    private volatile JournalSpace writerSpace;
    private final AtomicLong writerPosition = new AtomicLong();
    private MappedFile file;
    private MappedFile failedFile;
    private JournalSpace space;
    private long preparedEnd;
    private boolean populateWorks = true;
    private volatile Throwable failure;

    /**
     * Called by the writer after each excerpt: where it writes now.
     *
     * @param mappedFile the cycle file's mapping.
     * @param fileSpace  the reservation of that file.
     * @param position   the end of what the writer has written.
     */
    void writerAt(final MappedFile mappedFile, final JournalSpace fileSpace, final long position)
    {
        // The position first, then the file: an agent that sees the new file sees a position in it.
        writerPosition.lazySet(position);
        if (mappedFile != writerFile)
        {
            writerSpace = fileSpace;
            writerFile = mappedFile;
        }
    }

    /** @return what last stopped this agent preparing a cycle file's pages, or null. */
    Throwable failure()
    {
        return failure;
    }

    @Override
    public int doWork()
    {
        if (failedFile != null && failedFile == writerFile)
        {
            return 0;
        }
        try
        {
            return prepare();
        }
        catch (final Throwable ex)
        {
            // A fault here (SIGBUS as InternalError, a mapping closed by a roll) costs speed only, and only for
            // this cycle file: the writer's own reservation check still refuses before it writes into space that
            // is not allocated, and the writer faults its own pages until the next cycle file.
            failure = ex;
            failedFile = file;
            releaseAll();
            file = null;
            return 0;
        }
    }

    private int prepare() throws IOException
    {
        final MappedFile current = writerFile;
        if (current != file)
        {
            releaseAll();
            file = current;
            space = writerSpace;
            preparedEnd = writerPosition.get();
        }
        if (file == null)
        {
            return 0;
        }
        final long position = writerPosition.get();
        releaseBehind(position);
        final long target = position + AHEAD;
        if (preparedEnd < position)
        {
            preparedEnd = position;
        }
        if (preparedEnd >= target)
        {
            return 0;
        }
        final long end = Math.min(target, alignUp(preparedEnd + 1) + STEP - PAGE);
        if (!space.allocate(end))
        {
            return 0;
        }
        populate(preparedEnd, end);
        preparedEnd = end;
        return 1;
    }

    private void populate(final long from, final long to) throws IOException
    {
        long page = from & -PAGE;
        while (page < to)
        {
            final MappedBytesStore store = storeFor(page);
            final long chunkEnd = Math.min(to, store.safeLimit());
            if (populateWorks)
            {
                final long address = store.addressForWrite(page);
                if (PosixAPI.posix().madvise(address, chunkEnd - page, MADV_POPULATE_WRITE) == 0)
                {
                    page = alignUp(chunkEnd);
                    continue;
                }
                populateWorks = false;
            }
            for (; page < chunkEnd; page += PAGE)
            {
                store.compareAndSwapInt(page, 0, 0);
            }
        }
    }

    private MappedBytesStore storeFor(final long position) throws IOException
    {
        final MappedBytesStore last = held.peekLast();
        if (last != null && position >= last.start() && position < last.safeLimit())
        {
            return last;
        }
        final MappedBytesStore store = file.acquireByteStore(owner, position);
        held.addLast(store);
        return store;
    }

    /** Releases the chunks the writer has left behind by more than a chunk. */
    private void releaseBehind(final long position)
    {
        MappedBytesStore first;
        while ((first = held.peekFirst()) != null && held.size() > 1 &&
            first.safeLimit() + file.chunkSize() <= position)
        {
            held.removeFirst().release(owner);
        }
    }

    private void releaseAll()
    {
        MappedBytesStore store;
        while ((store = held.pollFirst()) != null)
        {
            store.release(owner);
        }
    }

    private static long alignUp(final long position)
    {
        return (position + PAGE - 1) & -PAGE;
    }

    @Override
    public void onClose()
    {
        releaseAll();
    }

    @Override
    public String roleName()
    {
        return "stockcore-journal-pretouch";
    }
}
