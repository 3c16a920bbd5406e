package dev.stockcore.runtime;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.ReservationStatus;
import dev.stockcore.engine.Result;
import dev.stockcore.engine.StockEngine;
import dev.stockcore.journal.JournaledEngine;
import dev.stockcore.journal.Recovery;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

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
    private final StatFile statFile;
    private final RuntimeCounters counters;
    private final BlockingCalls blockingCalls;
    private final ReservationStatus[] queryTargets;
    private final StockClient blockingClient;
    private final RuntimeErrorLog errorLog;
    private final CountDownLatch agentFinished = new CountDownLatch(1);
    private final Object lock = new Object();
    private volatile StockClient[] clients = new StockClient[0];
    private volatile int state = OPEN;
    private volatile boolean failed;
    private volatile Throwable lastError;
    private EngineAgent agent;
    private AgentRunner runner;
    private JournaledEngine journaled;
    private Recovery.Outcome recovery;

    private StockRuntime(final Context context)
    {
        this.context = context;
        this.ring = new ManyToOneRingBuffer(new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            context.ringBufferLength() + RingBufferDescriptor.TRAILER_LENGTH, BitUtil.CACHE_LINE_LENGTH)));
        this.view = new StockView(context.expectedProducts(), context.feedBufferLength());
        this.statFile = StatFile.open(context.journalDir(), ProcessHandle.current().pid(), System.currentTimeMillis());
        this.counters = new RuntimeCounters(statFile);
        this.blockingCalls = new BlockingCalls(context.maxBlockingCalls());
        this.queryTargets = new ReservationStatus[blockingCalls.size()];
        this.blockingClient = newClient(blockingCalls);
        try
        {
            this.errorLog = RuntimeErrorLog.open(context.journalDir(), counters, context.errorHandler());
        }
        catch (final RuntimeException ex)
        {
            statFile.close();
            throw ex;
        }
    }

    /**
     * Recovers the engine from the journal directory (snapshot plus journal tail) and starts the engine thread.
     *
     * @param context configuration; {@link Context#conclude()} is called on it.
     * @return the running runtime.
     * @throws dev.stockcore.journal.JournalException when the journal cannot be opened (locked by another
     *                                                 writer, not a journal, newer format...).
     * @throws IllegalStateException if the JVM lacks a required flag (see
     *                               {@link dev.stockcore.journal.RequiredJvmFlags}).
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
            runtime.errorLog.close();
            runtime.statFile.state(StatFileDescriptor.STATE_FAILED);
            runtime.statFile.close();
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
            .movementHandler(agent));
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

    /**
     * Asks what the engine knows of a reservation id: {@link dev.stockcore.engine.ReservationState OPEN} (with
     * its deadline and lines), CLOSED (committed or released), EXPIRED, or UNKNOWN (never reserved, or forgotten
     * after the retention). The question travels through the command ring like a command, so the engine thread
     * answers it between two commands without a lock and without allocating, writing straight into
     * {@code status}; the answer is handed back after the group commit of its batch, so it reflects every command
     * acknowledged before the call and nothing the journal does not hold. This thread waits; the engine does not.
     * The way to learn, after {@link Result#ENGINE_FAILED} and a relaunch, whether a reserve was applied.
     *
     * @param reservationId the id asked about.
     * @param status        filled in when the answer is OK; reuse one per thread.
     * @return OK when {@code status} holds the answer; BACK_PRESSURED, ENGINE_FAILED or RUNTIME_CLOSED when the
     * engine could not be asked (then {@code status} is untouched).
     */
    public Result reservation(final long reservationId, final ReservationStatus status)
    {
        final int slot = blockingCalls.claim();
        queryTargets[slot] = status;
        blockingClient.queryReservation(slot, reservationId);
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
     * The runtime's health for a service's health check: RUNNING, FAILED (close and launch again) or CLOSED, with
     * the error count, the latest error and the command and back-pressure counts. Reads published values only;
     * allocates the record.
     *
     * @return the health now.
     */
    public RuntimeHealth health()
    {
        final RuntimeState runtimeState = failed ? RuntimeState.FAILED :
            state == OPEN ? RuntimeState.RUNNING : RuntimeState.CLOSED;
        final Throwable error = lastError;
        final String lastErrorText = error == null ? null :
            error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        return new RuntimeHealth(runtimeState, counters.errors(), lastErrorText, counters.commands(),
            counters.backPressured());
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
        return errorLog.text();
    }

    /**
     * Formats an error log file such as {@link #ERROR_LOG_FILE}, for operators.
     *
     * @param buffer the mapped file.
     * @return one block per distinct error with its count and first/last time, or empty.
     */
    public static String readErrors(final UnsafeBuffer buffer)
    {
        return RuntimeErrorLog.read(buffer);
    }

    /**
     * @return what recovery did at launch (snapshot used, movements replayed).
     */
    public Recovery.Outcome recovery()
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
        errorLog.close();
        statFile.state(StatFileDescriptor.STATE_CLOSED);
        statFile.close();
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

    /**
     * On the engine thread: fills the status registered by the blocking call in {@code slot}. The ring's
     * ordered commit made the caller's store of that status visible here; the blocking slot's volatile
     * completion makes the filled status visible to the caller.
     */
    Result answerReservationQuery(final StockEngine engine, final int slot, final long reservationId)
    {
        if (slot < 0 || slot >= queryTargets.length || queryTargets[slot] == null)
        {
            return Result.INVALID_COMMAND;
        }
        engine.reservation(reservationId, queryTargets[slot]);
        queryTargets[slot] = null;
        return Result.OK;
    }

    void markFailed()
    {
        failed = true;
        statFile.state(StatFileDescriptor.STATE_FAILED);
    }

    void agentFinished()
    {
        agentFinished.countDown();
    }

    void recordError(final Throwable ex)
    {
        lastError = ex;
        errorLog.record(ex);
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
                final int clientId = buffer.getInt(index + CommandDescriptor.CLIENT_ID_OFFSET, LITTLE_ENDIAN);
                counters.onResult(result);
                clients[clientId].handler().onResult(
                    buffer.getLong(index + CommandDescriptor.CORRELATION_ID_OFFSET, LITTLE_ENDIAN), result);
            }, Integer.MAX_VALUE);
        }
    }

    private void onAgentError(final Throwable ex)
    {
        recordError(ex);
    }

    /**
     * Configuration of a {@link StockRuntime}: fluent setters, then {@link #conclude()} validates and fills in
     * defaults. Only the journal directory is required. The settings are declared in the package's
     * {@code RuntimeSettings}, which keeps them in a file of their own; this is their public name.
     */
    public static final class Context extends RuntimeSettings<Context>
    {
    }
}
