package dev.stockcore.runtime;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.journal.Durability;
import dev.stockcore.journal.Recovery;
import org.agrona.BitUtil;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemEpochClock;

import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The settings of a {@link StockRuntime} and their validation: the body of {@link StockRuntime.Context},
 * which is the public name. Fluent setters, then {@link #conclude()} validates and fills in defaults; only the
 * journal directory is required.
 * <p>
 * Why a base class: the context stays nested as {@code StockRuntime.Context}, as Aeron keeps
 * {@code MediaDriver.Context}, so that {@code StockRuntime.launch(new StockRuntime.Context().journalDir(dir))}
 * reads as it always did, while its two dozen settings live in a file of their own. The type parameter is the
 * concrete context, so every setter returns {@code StockRuntime.Context} and a chain of them stays one.
 *
 * @param <C> the concrete context type, returned by every setter.
 */
abstract class RuntimeSettings<C extends RuntimeSettings<C>>
{
    private Path journalDir;
    private Durability durability = Durability.ASYNC;
    private int ringBufferLength = 4 * 1024 * 1024;
    private IdleStrategy idleStrategy;
    private EpochClock clock = SystemEpochClock.INSTANCE;
    private long snapshotEveryMovements = 10_000_000L;
    private long retentionMillis = EngineLimits.DEFAULT_RETENTION_MILLIS;
    private int expectedProducts = 1024;
    private int expectedReservations = 1 << 16;
    private long offerTimeoutNs = 1_000_000L;
    private int batchLimit = 256;
    private long idleTimeAdvanceMillis = 1000;
    private int maxClients = 1024;
    private int maxBlockingCalls = 1024;
    private int feedBufferLength = 1024 * 1024;
    private CommandHandler commandHandler = CommandHandler.NONE;
    private ErrorHandler errorHandler;
    private Recovery.Progress progress = Recovery.Progress.NONE;
    private ThreadFactory threadFactory;

    /**
     * Validates and fills in defaults.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first invalid setting.
     */
    public C conclude()
    {
        if (journalDir == null)
        {
            throw new IllegalArgumentException("journalDir is required: new StockRuntime.Context().journalDir(dir)");
        }
        if (!BitUtil.isPowerOfTwo(ringBufferLength) || ringBufferLength < 4096)
        {
            throw new IllegalArgumentException("ringBufferLength must be a power of two >= 4096, got " +
                ringBufferLength);
        }
        if (!BitUtil.isPowerOfTwo(feedBufferLength) || feedBufferLength < 1024)
        {
            throw new IllegalArgumentException("feedBufferLength must be a power of two >= 1024, got " +
                feedBufferLength);
        }
        requirePositive("expectedProducts", expectedProducts);
        requirePositive("expectedReservations", expectedReservations);
        requirePositive("retentionMillis", retentionMillis);
        requirePositive("batchLimit", batchLimit);
        requirePositive("idleTimeAdvanceMillis", idleTimeAdvanceMillis);
        requirePositive("maxClients", maxClients);
        requirePositive("maxBlockingCalls", maxBlockingCalls);
        if (offerTimeoutNs < 0 || snapshotEveryMovements < 0)
        {
            throw new IllegalArgumentException("offerTimeoutNs and snapshotEveryMovements must be >= 0");
        }
        if (durability == null || clock == null)
        {
            throw new IllegalArgumentException("durability and clock must not be null");
        }
        if (idleStrategy == null)
        {
            idleStrategy = new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
                TimeUnit.MICROSECONDS.toNanos(100));
        }
        if (errorHandler == null)
        {
            final Path errorLog = journalDir.resolve(StockRuntime.ERROR_LOG_FILE);
            errorHandler = ex ->
            {
                System.err.println("stockcore runtime error (recorded in " + errorLog + "):");
                ex.printStackTrace(System.err);
            };
        }
        if (threadFactory == null)
        {
            threadFactory = runnable ->
            {
                final Thread thread = new Thread(runnable, "stockcore-engine");
                thread.setDaemon(false);
                return thread;
            };
        }
        return self();
    }

    private static void requirePositive(final String name, final long value)
    {
        if (value < 1)
        {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    /** @param dir journal directory, created if missing (required). @return this. */
    public C journalDir(final Path dir)
    {
        this.journalDir = dir;
        return self();
    }

    /** @return the journal directory. */
    public Path journalDir()
    {
        return journalDir;
    }

    /**
     * @param durability ASYNC (default: acknowledged once in the memory-mapped journal, survives a process
     *                   crash) or SYNC (acknowledged after msync, survives power loss, one msync per batch).
     * @return this.
     */
    public C durability(final Durability durability)
    {
        this.durability = durability;
        return self();
    }

    /** @return the durability policy. */
    public Durability durability()
    {
        return durability;
    }

    /** @param bytes command ring capacity, a power of two (default 4 MiB). @return this. */
    public C ringBufferLength(final int bytes)
    {
        this.ringBufferLength = bytes;
        return self();
    }

    /** @return the command ring capacity in bytes. */
    public int ringBufferLength()
    {
        return ringBufferLength;
    }

    /**
     * @param idleStrategy how the engine thread waits for commands (default: back off from spinning to
     *                     parking up to 100 µs; a {@code BusySpinIdleStrategy} on a dedicated core is fastest).
     * @return this.
     */
    public C idleStrategy(final IdleStrategy idleStrategy)
    {
        this.idleStrategy = idleStrategy;
        return self();
    }

    /** @return the engine thread's idle strategy. */
    public IdleStrategy idleStrategy()
    {
        return idleStrategy;
    }

    /** @param clock engine time source, epoch ms (default the system clock). @return this. */
    public C clock(final EpochClock clock)
    {
        this.clock = clock;
        return self();
    }

    /** @return the clock. */
    public EpochClock clock()
    {
        return clock;
    }

    /** @param movements snapshot after this many movements, 0 never (default 10,000,000). @return this. */
    public C snapshotEveryMovements(final long movements)
    {
        this.snapshotEveryMovements = movements;
        return self();
    }

    /** @return the snapshot interval in movements. */
    public long snapshotEveryMovements()
    {
        return snapshotEveryMovements;
    }

    /** @param millis how long closed reservation ids are remembered (default 24 h). @return this. */
    public C retentionMillis(final long millis)
    {
        this.retentionMillis = millis;
        return self();
    }

    /** @return the retention in ms. */
    public long retentionMillis()
    {
        return retentionMillis;
    }

    /** @param products expected product count, to size arrays up front (default 1024; grows). @return this. */
    public C expectedProducts(final int products)
    {
        this.expectedProducts = products;
        return self();
    }

    /** @return the expected product count. */
    public int expectedProducts()
    {
        return expectedProducts;
    }

    /** @param reservations expected open reservations (default 65,536; grows). @return this. */
    public C expectedReservations(final int reservations)
    {
        this.expectedReservations = reservations;
        return self();
    }

    /** @return the expected open reservations. */
    public int expectedReservations()
    {
        return expectedReservations;
    }

    /**
     * @param nanos how long a call may wait for room in a full ring before it is answered BACK_PRESSURED;
     *              0 answers at once (default 1 ms).
     * @return this.
     */
    public C offerTimeoutNs(final long nanos)
    {
        this.offerTimeoutNs = nanos;
        return self();
    }

    /** @return the back-pressure wait in ns. */
    public long offerTimeoutNs()
    {
        return offerTimeoutNs;
    }

    /** @param commands most commands applied per group commit (default 256). @return this. */
    public C batchLimit(final int commands)
    {
        this.batchLimit = commands;
        return self();
    }

    /** @return the batch limit. */
    public int batchLimit()
    {
        return batchLimit;
    }

    /**
     * @param millis when no commands arrive, advance engine time (expiring due reservations) this often
     *               (default 1000 ms).
     * @return this.
     */
    public C idleTimeAdvanceMillis(final long millis)
    {
        this.idleTimeAdvanceMillis = millis;
        return self();
    }

    /** @return the idle time advance interval. */
    public long idleTimeAdvanceMillis()
    {
        return idleTimeAdvanceMillis;
    }

    /** @param clients most {@link StockClient}s (default 1024). @return this. */
    public C maxClients(final int clients)
    {
        this.maxClients = clients;
        return self();
    }

    /** @return the client limit. */
    public int maxClients()
    {
        return maxClients;
    }

    /** @param calls most blocking calls in flight at once, over all threads (default 1024). @return this. */
    public C maxBlockingCalls(final int calls)
    {
        this.maxBlockingCalls = calls;
        return self();
    }

    /** @return the blocking call limit. */
    public int maxBlockingCalls()
    {
        return maxBlockingCalls;
    }

    /**
     * @param bytes stock feed broadcast buffer, a power of two (default 1 MiB, about 43,000 changes before a
     *              slow subscriber is lapped and falls back to a scan).
     * @return this.
     */
    public C feedBufferLength(final int bytes)
    {
        this.feedBufferLength = bytes;
        return self();
    }

    /** @return the feed buffer length. */
    public int feedBufferLength()
    {
        return feedBufferLength;
    }

    /** @param handler called before each command on the engine thread (default none). @return this. */
    public C commandHandler(final CommandHandler handler)
    {
        this.commandHandler = handler == null ? CommandHandler.NONE : handler;
        return self();
    }

    /** @return the command handler. */
    public CommandHandler commandHandler()
    {
        return commandHandler;
    }

    /**
     * @param handler told of each new distinct error besides the error log (default: print to stderr).
     * @return this.
     */
    public C errorHandler(final ErrorHandler handler)
    {
        this.errorHandler = handler;
        return self();
    }

    /** @return the error handler. */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /** @param progress told how a long recovery advances (default silent). @return this. */
    public C progress(final Recovery.Progress progress)
    {
        this.progress = progress == null ? Recovery.Progress.NONE : progress;
        return self();
    }

    /** @return the recovery progress callback. */
    public Recovery.Progress progress()
    {
        return progress;
    }

    /** @param factory makes the engine thread (default a non-daemon thread "stockcore-engine"). @return this. */
    public C threadFactory(final ThreadFactory factory)
    {
        this.threadFactory = factory;
        return self();
    }

    /** @return the thread factory. */
    public ThreadFactory threadFactory()
    {
        return threadFactory;
    }

    @SuppressWarnings("unchecked")
    private C self()
    {
        return (C)this;
    }
}
