package dev.stockcore.runtime;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import dev.stockcore.journal.Durability;
import dev.stockcore.journal.JournaledEngine;
import dev.stockcore.journal.Recovery;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.ErrorHandler;
import org.agrona.IoUtil;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.errors.ErrorLogReader;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.VarHandle;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The embeddable stock reservation runtime: recovers the engine from its journal, then applies commands from
 * any number of threads on one engine thread, acknowledging each only after its movements are journaled.
 * <pre>{@code
 * try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)))
 * {
 *     runtime.addProduct("A");                        // blocking convenience: returns the Result
 *     final int a = runtime.productIndex("A");
 *     runtime.adjust(a, 10, EngineLimits.NO_COST);
 *     final StockClient client = runtime.newClient((correlationId, result) -> ...);  // asynchronous
 *     client.reserve(42, 1001, 60_000, new OrderLines().add(a, 2));
 *     runtime.available("A");                         // lock-free read, any thread
 * }
 * }</pre>
 * Commands travel as {@link CommandDescriptor} records through an Agrona {@link ManyToOneRingBuffer} to the
 * {@link EngineAgent}; reads ({@link #available}, {@link #level}, the {@link FeedSubscription}s) use the
 * {@link StockView} the agent publishes after each batch, so they never enter the ring and never wait.
 * <p>
 * After an exception inside the engine agent the runtime is failed: every pending and later command is answered
 * {@link Result#ENGINE_FAILED}, the error is in {@link #errors()} and in {@code runtime-errors.dat} in the journal
 * directory, and commands acknowledged before it are in the journal. Close it and launch again to recover.
 */
public final class StockRuntime implements AutoCloseable
{
    /** Name of the error log file in the journal directory (an Agrona distinct error log). */
    public static final String ERROR_LOG_FILE = "runtime-errors.dat";
    /** Name the previous run's error log is kept under, when it recorded anything. */
    public static final String PREVIOUS_ERROR_LOG_FILE = "runtime-errors.previous.dat";

    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;

    private final Context context;
    private final ManyToOneRingBuffer ring;
    private final StockView view;
    private final RuntimeCounters counters = new RuntimeCounters();
    private final BlockingCalls blockingCalls;
    private final StockClient blockingClient;
    private final MappedByteBuffer errorLogBuffer;
    private final DistinctErrorLog errorLog;
    private final CountDownLatch agentFinished = new CountDownLatch(1);
    private final Object lock = new Object();
    private volatile StockClient[] clients = new StockClient[0];
    private volatile int state = OPEN;
    private volatile boolean failed;
    private EngineAgent agent;
    private AgentRunner runner;
    private JournaledEngine journaled;
    private Recovery.Result recovery;

    private StockRuntime(final Context context)
    {
        this.context = context;
        this.ring = new ManyToOneRingBuffer(new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            context.ringBufferLength() + RingBufferDescriptor.TRAILER_LENGTH, BitUtil.CACHE_LINE_LENGTH)));
        this.view = new StockView(context.expectedProducts(), context.feedBufferLength());
        this.blockingCalls = new BlockingCalls(context.maxBlockingCalls());
        this.blockingClient = newClient(blockingCalls);
        this.errorLogBuffer = mapErrorLog(context.journalDir());
        this.errorLog = new DistinctErrorLog(new UnsafeBuffer(errorLogBuffer), SystemEpochClock.INSTANCE);
    }

    /**
     * Recovers the engine from the journal directory (snapshot plus journal tail) and starts the engine thread.
     *
     * @param context configuration; {@link Context#conclude()} is called on it.
     * @return the running runtime.
     * @throws dev.stockcore.journal.JournalException when the journal cannot be opened (locked by another
     *                                                 writer, not a journal, newer format...).
     */
    public static StockRuntime launch(final Context context)
    {
        dev.stockcore.journal.RequiredJvmFlags.check("StockRuntime.launch");
        context.conclude();
        final StockRuntime runtime = new StockRuntime(context);
        try
        {
            runtime.start();
        }
        catch (final RuntimeException | Error ex)
        {
            IoUtil.unmap(runtime.errorLogBuffer);
            throw ex;
        }
        return runtime;
    }

    private void start()
    {
        agent = new EngineAgent(this, context);
        journaled = JournaledEngine.open(new JournaledEngine.Context()
            .journalDir(context.journalDir())
            .durability(context.durability())
            .snapshotEveryMovements(context.snapshotEveryMovements())
            .productCapacity(context.expectedProducts())
            .reservationCapacity(context.expectedReservations())
            .retentionMillis(context.retentionMillis())
            .progress(context.progress())
            .movementObserver(agent));
        recovery = journaled.recovery();
        agent.start(journaled);
        runner = new AgentRunner(context.idleStrategy(), this::onAgentError, null, agent);
        AgentRunner.startOnThread(runner, context.threadFactory());
    }

    /**
     * Creates a client whose results go to {@code handler}. Clients are cheap but not reclaimed before
     * {@link #close()}: create them once (one per service, or per thread) rather than per request.
     *
     * @param handler receives every result of this client's commands.
     * @return the client.
     */
    public StockClient newClient(final ResultHandler handler)
    {
        synchronized (lock)
        {
            final StockClient[] current = clients;
            if (current.length >= context.maxClients())
            {
                throw new IllegalStateException("too many clients (" + current.length + "); create clients once " +
                    "and share them, or raise Context.maxClients");
            }
            final StockClient client = new StockClient(this, handler, current.length);
            final StockClient[] grown = Arrays.copyOf(current, current.length + 1);
            grown[current.length] = client;
            clients = grown;
            return client;
        }
    }

    // ------------------------------------------------------------------------------------- blocking commands

    /**
     * Registers a product and waits for the result. The blocking methods allocate nothing per call; each waits
     * in one slot of a shared table ({@link Context#maxBlockingCalls(int)}), spinning briefly then parking.
     *
     * @param sku the SKU.
     * @return the result.
     */
    public Result addProduct(final CharSequence sku)
    {
        final int slot = blockingCalls.claim();
        blockingClient.addProduct(slot, sku);
        return blockingCalls.await(slot);
    }

    /**
     * Adjusts physical stock and waits; see {@link StockClient#adjust}.
     *
     * @param product  product index.
     * @param delta    units, non-zero.
     * @param unitCost scaled cost per unit, or {@link EngineLimits#NO_COST}.
     * @return the result.
     */
    public Result adjust(final int product, final long delta, final long unitCost)
    {
        final int slot = blockingCalls.claim();
        blockingClient.adjust(slot, product, delta, unitCost);
        return blockingCalls.await(slot);
    }

    /**
     * Counts physical stock and waits; see {@link StockClient#count}.
     *
     * @param product  product index.
     * @param quantity units counted.
     * @param unitCost scaled cost per unit, or {@link EngineLimits#NO_COST}.
     * @return the result.
     */
    public Result count(final int product, final long quantity, final long unitCost)
    {
        final int slot = blockingCalls.claim();
        blockingClient.count(slot, product, quantity, unitCost);
        return blockingCalls.await(slot);
    }

    /**
     * Links a consumer to a source and waits; see {@link StockClient#link}.
     *
     * @param consumer product index.
     * @param source   product index.
     * @return the result.
     */
    public Result link(final int consumer, final int source)
    {
        final int slot = blockingCalls.claim();
        blockingClient.link(slot, consumer, source);
        return blockingCalls.await(slot);
    }

    /**
     * Unlinks a consumer and waits; see {@link StockClient#unlink}.
     *
     * @param consumer product index.
     * @return the result.
     */
    public Result unlink(final int consumer)
    {
        final int slot = blockingCalls.claim();
        blockingClient.unlink(slot, consumer);
        return blockingCalls.await(slot);
    }

    /**
     * Reserves and waits; see {@link StockClient#reserve}.
     *
     * @param reservationId unique, &gt; 0.
     * @param ttlMillis     time to live, or {@link EngineLimits#NO_TTL}.
     * @param lines         the order lines.
     * @return the result.
     */
    public Result reserve(final long reservationId, final long ttlMillis, final OrderLines lines)
    {
        final int slot = blockingCalls.claim();
        blockingClient.reserve(slot, reservationId, ttlMillis, lines);
        return blockingCalls.await(slot);
    }

    /**
     * Commits and waits; see {@link StockClient#commit}.
     *
     * @param reservationId the reservation.
     * @param lines         lines to commit, or empty for all.
     * @return the result.
     */
    public Result commit(final long reservationId, final OrderLines lines)
    {
        final int slot = blockingCalls.claim();
        blockingClient.commit(slot, reservationId, lines);
        return blockingCalls.await(slot);
    }

    /**
     * Releases and waits; see {@link StockClient#release}.
     *
     * @param reservationId the reservation.
     * @return the result.
     */
    public Result release(final long reservationId)
    {
        final int slot = blockingCalls.claim();
        blockingClient.release(slot, reservationId);
        return blockingCalls.await(slot);
    }

    // ------------------------------------------------------------------------------------- lock-free reads

    /**
     * @param sku a SKU.
     * @return its product index, or -1 if it is not registered (or its registration is not acknowledged yet).
     */
    public int productIndex(final String sku)
    {
        return view.productIndex(sku);
    }

    /**
     * @param product product index.
     * @return its SKU, or null for an unknown index.
     */
    public String sku(final int product)
    {
        return view.sku(product);
    }

    /**
     * @return products registered and published.
     */
    public int productCount()
    {
        return view.productCount();
    }

    /**
     * What can be reserved through a product now, as published after the last batch: at least as new as the
     * last command this thread saw acknowledged. A consumer reads its source's value.
     *
     * @param sku a SKU.
     * @return units available, or -1 if the SKU is not registered (available is never negative).
     */
    public long available(final String sku)
    {
        final int product = view.productIndex(sku);
        return product < 0 ? -1 : view.available(product);
    }

    /**
     * @param product product index.
     * @return units available through it.
     * @throws IllegalArgumentException for an index not (yet) published.
     */
    public long available(final int product)
    {
        return view.available(product);
    }

    /**
     * Reads a product's published level, consistent across its fields.
     *
     * @param sku   a SKU.
     * @param level filled in.
     * @return false if the SKU is not registered (level untouched).
     */
    public boolean level(final String sku, final StockLevel level)
    {
        final int product = view.productIndex(sku);
        if (product < 0)
        {
            return false;
        }
        view.level(product, level);
        return true;
    }

    /**
     * @param product product index.
     * @param level   filled in.
     * @return the level given.
     */
    public StockLevel level(final int product, final StockLevel level)
    {
        view.level(product, level);
        return level;
    }

    /**
     * Subscribes to the stock feed, conflated per product.
     *
     * @param fromSequence deliver first every product whose availability changed at or after this movement
     *                     sequence (0 or 1: every product), then each later change.
     * @return a subscription to poll from one thread.
     */
    public FeedSubscription subscribe(final long fromSequence)
    {
        return new FeedSubscription(view, view.broadcastBuffer(), fromSequence, true);
    }

    /**
     * Subscribes to the stock feed from now on: only changes published after this call.
     *
     * @return a subscription to poll from one thread.
     */
    public FeedSubscription subscribe()
    {
        return new FeedSubscription(view, view.broadcastBuffer(), 0, false);
    }

    // ------------------------------------------------------------------------------------- operations

    /**
     * @return the runtime's counters.
     */
    public RuntimeCounters counters()
    {
        return counters;
    }

    /**
     * @return true once an exception inside the engine agent failed the runtime.
     */
    public boolean isFailed()
    {
        return failed;
    }

    /**
     * @return the distinct errors recorded since launch, formatted (empty if none).
     */
    public String errors()
    {
        return readErrors(new UnsafeBuffer(errorLogBuffer));
    }

    /**
     * Formats an error log file such as {@link #ERROR_LOG_FILE}, for operators.
     *
     * @param buffer the mapped file.
     * @return one block per distinct error with its count and first/last time, or empty.
     */
    public static String readErrors(final UnsafeBuffer buffer)
    {
        final StringBuilder out = new StringBuilder();
        ErrorLogReader.read(buffer, (count, first, last, text) -> out
            .append(count).append(" observation(s), first ").append(java.time.Instant.ofEpochMilli(first))
            .append(", last ").append(java.time.Instant.ofEpochMilli(last)).append(System.lineSeparator())
            .append(text).append(System.lineSeparator()));
        return out.toString();
    }

    /**
     * @return what recovery did at launch (snapshot used, movements replayed).
     */
    public Recovery.Result recovery()
    {
        return recovery;
    }

    /**
     * @return the configuration.
     */
    public Context context()
    {
        return context;
    }

    /**
     * Stops taking commands (later calls are answered {@code RUNTIME_CLOSED}), applies and acknowledges what
     * is already in the ring, takes a snapshot (unless failed), closes the journal and stops the engine thread.
     * Idempotent; blocks until done.
     */
    @Override
    public void close()
    {
        synchronized (lock)
        {
            if (state != OPEN)
            {
                return;
            }
            state = CLOSING;
        }
        boolean interrupted = false;
        while (true)
        {
            try
            {
                if (!runner.isClosed() && !agentFinished.await(10, TimeUnit.MILLISECONDS))
                {
                    continue;
                }
                break;
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        runner.close();
        state = CLOSED;
        sweep();
        IoUtil.unmap(errorLogBuffer);
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------- package

    /**
     * The engine itself, for tests that compare it with a replay: confined to the engine thread, so only
     * touched after {@link #close()} returned.
     */
    dev.stockcore.engine.StockEngine engineAfterClose()
    {
        if (state != CLOSED)
        {
            throw new IllegalStateException("the engine belongs to the engine thread until close() returns");
        }
        return journaled.engine();
    }

    ManyToOneRingBuffer ring()
    {
        return ring;
    }

    StockView view()
    {
        return view;
    }

    StockClient client(final int clientId)
    {
        return clients[clientId];
    }

    /**
     * @return the result for a command submitted now if it cannot be applied, else null.
     */
    Result refusal()
    {
        if (state != OPEN)
        {
            return Result.RUNTIME_CLOSED;
        }
        return failed ? Result.ENGINE_FAILED : null;
    }

    boolean isClosing()
    {
        return state != OPEN;
    }

    void markFailed()
    {
        failed = true;
    }

    void agentFinished()
    {
        agentFinished.countDown();
    }

    void recordError(final Throwable ex)
    {
        counters.onError();
        if (!errorLog.record(ex))
        {
            context.errorHandler().onError(ex);
        }
        else if (counters.errors() == 1)
        {
            context.errorHandler().onError(ex);
        }
    }

    /**
     * Called by a producer after committing a command: if the engine thread has already stopped, the command
     * would never be read, so the producer answers it (and any other latecomer) itself.
     */
    void afterOffer()
    {
        VarHandle.fullFence();
        if (state == CLOSED)
        {
            sweep();
        }
    }

    private void sweep()
    {
        synchronized (lock)
        {
            final Result result = failed ? Result.ENGINE_FAILED : Result.RUNTIME_CLOSED;
            ring.read((type, buffer, index, length) ->
            {
                final int clientId = buffer.getInt(index + CommandDescriptor.CLIENT_ID_OFFSET);
                counters.onResult(result);
                clients[clientId].handler().onResult(
                    buffer.getLong(index + CommandDescriptor.CORRELATION_ID_OFFSET), result);
            }, Integer.MAX_VALUE);
        }
    }

    private void onAgentError(final Throwable ex)
    {
        recordError(ex);
    }

    private static MappedByteBuffer mapErrorLog(final Path journalDir)
    {
        try
        {
            Files.createDirectories(journalDir);
            final Path file = journalDir.resolve(ERROR_LOG_FILE);
            if (Files.exists(file))
            {
                final MappedByteBuffer previous = IoUtil.mapExistingFile(file.toFile(), "error log");
                final boolean recorded = !readErrors(new UnsafeBuffer(previous)).isEmpty();
                IoUtil.unmap(previous);
                if (recorded)
                {
                    Files.move(file, journalDir.resolve(PREVIOUS_ERROR_LOG_FILE), StandardCopyOption.REPLACE_EXISTING);
                }
                else
                {
                    Files.delete(file);
                }
            }
            return IoUtil.mapNewFile(file.toFile(), Context.ERROR_LOG_LENGTH);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create the error log in " + journalDir + ": " + ex.getMessage() +
                "; check the directory exists and is writable", ex);
        }
    }

    /**
     * Configuration of a {@link StockRuntime}: fluent setters, then {@link #conclude()} validates and fills in
     * defaults. Only the journal directory is required.
     */
    public static final class Context
    {
        static final int ERROR_LOG_LENGTH = 1024 * 1024;

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
        private CommandObserver commandObserver = CommandObserver.NONE;
        private ErrorHandler errorHandler;
        private Recovery.Progress progress = Recovery.Progress.NONE;
        private java.util.concurrent.ThreadFactory threadFactory;

        /**
         * Validates and fills in defaults.
         *
         * @return this.
         * @throws IllegalArgumentException naming the first invalid setting.
         */
        public Context conclude()
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
                errorHandler = ex ->
                {
                    System.err.println("stockcore runtime error (recorded in " + journalDir.resolve(ERROR_LOG_FILE) +
                        "):");
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
            return this;
        }

        private static void requirePositive(final String name, final long value)
        {
            if (value < 1)
            {
                throw new IllegalArgumentException(name + " must be >= 1, got " + value);
            }
        }

        /** @param dir journal directory, created if missing (required). @return this. */
        public Context journalDir(final Path dir)
        {
            this.journalDir = dir;
            return this;
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
        public Context durability(final Durability durability)
        {
            this.durability = durability;
            return this;
        }

        /** @return the durability policy. */
        public Durability durability()
        {
            return durability;
        }

        /** @param bytes command ring capacity, a power of two (default 4 MiB). @return this. */
        public Context ringBufferLength(final int bytes)
        {
            this.ringBufferLength = bytes;
            return this;
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
        public Context idleStrategy(final IdleStrategy idleStrategy)
        {
            this.idleStrategy = idleStrategy;
            return this;
        }

        /** @return the engine thread's idle strategy. */
        public IdleStrategy idleStrategy()
        {
            return idleStrategy;
        }

        /** @param clock engine time source, epoch ms (default the system clock). @return this. */
        public Context clock(final EpochClock clock)
        {
            this.clock = clock;
            return this;
        }

        /** @return the clock. */
        public EpochClock clock()
        {
            return clock;
        }

        /** @param movements snapshot after this many movements, 0 never (default 10,000,000). @return this. */
        public Context snapshotEveryMovements(final long movements)
        {
            this.snapshotEveryMovements = movements;
            return this;
        }

        /** @return the snapshot interval in movements. */
        public long snapshotEveryMovements()
        {
            return snapshotEveryMovements;
        }

        /** @param millis how long closed reservation ids are remembered (default 24 h). @return this. */
        public Context retentionMillis(final long millis)
        {
            this.retentionMillis = millis;
            return this;
        }

        /** @return the retention in ms. */
        public long retentionMillis()
        {
            return retentionMillis;
        }

        /** @param products expected product count, to size arrays up front (default 1024; grows). @return this. */
        public Context expectedProducts(final int products)
        {
            this.expectedProducts = products;
            return this;
        }

        /** @return the expected product count. */
        public int expectedProducts()
        {
            return expectedProducts;
        }

        /** @param reservations expected open reservations (default 65,536; grows). @return this. */
        public Context expectedReservations(final int reservations)
        {
            this.expectedReservations = reservations;
            return this;
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
        public Context offerTimeoutNs(final long nanos)
        {
            this.offerTimeoutNs = nanos;
            return this;
        }

        /** @return the back-pressure wait in ns. */
        public long offerTimeoutNs()
        {
            return offerTimeoutNs;
        }

        /** @param commands most commands applied per group commit (default 256). @return this. */
        public Context batchLimit(final int commands)
        {
            this.batchLimit = commands;
            return this;
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
        public Context idleTimeAdvanceMillis(final long millis)
        {
            this.idleTimeAdvanceMillis = millis;
            return this;
        }

        /** @return the idle time advance interval. */
        public long idleTimeAdvanceMillis()
        {
            return idleTimeAdvanceMillis;
        }

        /** @param clients most {@link StockClient}s (default 1024). @return this. */
        public Context maxClients(final int clients)
        {
            this.maxClients = clients;
            return this;
        }

        /** @return the client limit. */
        public int maxClients()
        {
            return maxClients;
        }

        /** @param calls most blocking calls in flight at once, over all threads (default 1024). @return this. */
        public Context maxBlockingCalls(final int calls)
        {
            this.maxBlockingCalls = calls;
            return this;
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
        public Context feedBufferLength(final int bytes)
        {
            this.feedBufferLength = bytes;
            return this;
        }

        /** @return the feed buffer length. */
        public int feedBufferLength()
        {
            return feedBufferLength;
        }

        /** @param observer called before each command on the engine thread (default none). @return this. */
        public Context commandObserver(final CommandObserver observer)
        {
            this.commandObserver = observer == null ? CommandObserver.NONE : observer;
            return this;
        }

        /** @return the command observer. */
        public CommandObserver commandObserver()
        {
            return commandObserver;
        }

        /**
         * @param handler told of each new distinct error besides the error log (default: print to stderr).
         * @return this.
         */
        public Context errorHandler(final ErrorHandler handler)
        {
            this.errorHandler = handler;
            return this;
        }

        /** @return the error handler. */
        public ErrorHandler errorHandler()
        {
            return errorHandler;
        }

        /** @param progress told how a long recovery advances (default silent). @return this. */
        public Context progress(final Recovery.Progress progress)
        {
            this.progress = progress == null ? Recovery.Progress.NONE : progress;
            return this;
        }

        /** @return the recovery progress listener. */
        public Recovery.Progress progress()
        {
            return progress;
        }

        /** @param factory makes the engine thread (default a non-daemon thread "stockcore-engine"). @return this. */
        public Context threadFactory(final java.util.concurrent.ThreadFactory factory)
        {
            this.threadFactory = factory;
            return this;
        }

        /** @return the thread factory. */
        public java.util.concurrent.ThreadFactory threadFactory()
        {
            return threadFactory;
        }
    }
}
