package dev.stockcore.runtime;

import dev.stockcore.engine.MovementHandler;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import dev.stockcore.engine.StockEngine;
import dev.stockcore.engine.movement.MovementDecoder;
import dev.stockcore.engine.movement.MovementKind;
import dev.stockcore.journal.JournaledEngine;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The single writer: drains a batch of commands from the ring (decoding the little-endian
 * {@link CommandDescriptor} layout), applies each to the engine (whose movements go
 * to the journal), makes the batch durable with one group commit, publishes the changed stock levels to the
 * {@link StockView}, and only then completes the batch's callers. Runs on one thread under an
 * {@link org.agrona.concurrent.AgentRunner}; nothing here takes a lock or allocates in steady state.
 * <p>
 * Engine time follows the runtime's clock: before the first command of a batch, and when idle for
 * {@code idleTimeAdvanceMillis}, so that TTLs expire with no traffic too.
 * <p>
 * Any exception escaping the engine, the journal or the {@link CommandHandler} fails the runtime: the
 * uncommitted batch and every later command are answered {@code ENGINE_FAILED}, the error is recorded, and
 * the engine is closed without a snapshot so that the next launch recovers from the journal alone.
 */
final class EngineAgent implements Agent, MessageHandler, MovementHandler
{
    private final StockRuntime runtime;
    private final ManyToOneRingBuffer ring;
    private final StockView view;
    private final RuntimeCounters counters;
    private final EpochClock clock;
    private final CommandHandler commandHandler;
    private final int batchLimit;
    private final long idleTimeAdvanceMillis;
    private final OrderLines lines = new OrderLines();
    private final StringBuilder sku = new StringBuilder(64);
    private final MovementDecoder decoder = new MovementDecoder();
    private final MessageHandler refuseHandler = this::refuse;

    private final int[] pendingClients;
    private final long[] pendingCorrelations;
    private final Result[] pendingResults;
    private final long[] pendingOfferedNanos;
    private int pendingCount;
    private int currentClient = -1;
    private long currentCorrelation;

    private JournaledEngine journaled;
    private StockEngine engine;
    private boolean live;
    private boolean failed;
    private boolean finished;
    private long now;
    private boolean timeChecked;
    private Result refusal = Result.ENGINE_FAILED;

    EngineAgent(final StockRuntime runtime, final StockRuntime.Context context)
    {
        this.runtime = runtime;
        this.ring = runtime.ring();
        this.view = runtime.view();
        this.counters = runtime.counters();
        this.clock = context.clock();
        this.commandHandler = context.commandHandler();
        this.batchLimit = context.batchLimit();
        this.idleTimeAdvanceMillis = context.idleTimeAdvanceMillis();
        pendingClients = new int[batchLimit];
        pendingCorrelations = new long[batchLimit];
        pendingResults = new Result[batchLimit];
        pendingOfferedNanos = new long[batchLimit];
    }

    /**
     * Takes over the recovered engine; called by the launching thread before the agent thread starts.
     */
    void start(final JournaledEngine journaled)
    {
        this.journaled = journaled;
        this.engine = journaled.engine();
        view.loadAll(engine);
        live = true;
    }

    @Override
    public String roleName()
    {
        return "stockcore-engine";
    }

    @Override
    public int doWork()
    {
        if (finished)
        {
            return 0;
        }
        if (runtime.isClosing())
        {
            finish();
            return 1;
        }
        if (failed)
        {
            return ring.read(refuseHandler, batchLimit);
        }
        try
        {
            now = clock.time();
            timeChecked = false;
            final int count = ring.read(this, batchLimit);
            if (count > 0)
            {
                completeBatch(count);
                return count;
            }
            return idle();
        }
        catch (final Throwable ex)
        {
            fail(ex);
            return 1;
        }
    }

    @Override
    public void onMessage(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        currentClient = buffer.getInt(index + CommandDescriptor.CLIENT_ID_OFFSET, LITTLE_ENDIAN);
        currentCorrelation = buffer.getLong(index + CommandDescriptor.CORRELATION_ID_OFFSET, LITTLE_ENDIAN);
        if (failed)
        {
            complete(currentClient, currentCorrelation, refusal);
            currentClient = -1;
            return;
        }
        if (!timeChecked)
        {
            timeChecked = true;
            if (now > engine.time())
            {
                engine.advanceTime(now);
            }
        }
        commandHandler.onCommand(type, currentCorrelation);
        final Result result = apply(type, buffer, index);
        pendingClients[pendingCount] = currentClient;
        pendingCorrelations[pendingCount] = currentCorrelation;
        pendingResults[pendingCount] = result;
        pendingOfferedNanos[pendingCount] = buffer.getLong(index + CommandDescriptor.OFFERED_NANOS_OFFSET, LITTLE_ENDIAN);
        pendingCount++;
        currentClient = -1;
    }

    /**
     * The movement handler: notes which products each appended batch touched.
     */
    @Override
    public void onBatch(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!live)
        {
            return;
        }
        decoder.wrapBatch(buffer, offset);
        while (decoder.next())
        {
            final int ordered = decoder.ordered();
            final int holder = decoder.holder();
            final int kind = decoder.kindCode();
            if (kind == MovementKind.PRODUCT_ADDED.code())
            {
                view.productAdded(ordered, decoder.sku());
            }
            else if (kind == MovementKind.LINKED.code())
            {
                view.linked(ordered, holder);
            }
            else if (kind == MovementKind.UNLINKED.code())
            {
                view.unlinked(ordered, holder);
            }
            view.touched(ordered);
            view.touched(holder);
        }
    }

    @Override
    public void onClose()
    {
        if (!finished)
        {
            finish();
        }
    }

    private Result apply(final int type, final MutableDirectBuffer buffer, final int index)
    {
        switch (type)
        {
            case CommandDescriptor.RESERVE_TYPE:
                return engine.reserve(
                    buffer.getLong(index + CommandDescriptor.RESERVATION_ID_OFFSET, LITTLE_ENDIAN),
                    buffer.getLong(index + CommandDescriptor.TTL_OFFSET, LITTLE_ENDIAN),
                    decodeLines(buffer, index));
            case CommandDescriptor.COMMIT_TYPE:
                return engine.commit(
                    buffer.getLong(index + CommandDescriptor.RESERVATION_ID_OFFSET, LITTLE_ENDIAN),
                    decodeLines(buffer, index));
            case CommandDescriptor.RELEASE_TYPE:
                return engine.release(buffer.getLong(index + CommandDescriptor.RESERVATION_ID_OFFSET, LITTLE_ENDIAN));
            case CommandDescriptor.ADJUST_TYPE:
                return engine.adjust(
                    buffer.getInt(index + CommandDescriptor.PRODUCT_OFFSET, LITTLE_ENDIAN),
                    buffer.getLong(index + CommandDescriptor.QUANTITY_OFFSET, LITTLE_ENDIAN),
                    buffer.getLong(index + CommandDescriptor.UNIT_COST_OFFSET, LITTLE_ENDIAN));
            case CommandDescriptor.COUNT_TYPE:
                return engine.count(
                    buffer.getInt(index + CommandDescriptor.PRODUCT_OFFSET, LITTLE_ENDIAN),
                    buffer.getLong(index + CommandDescriptor.QUANTITY_OFFSET, LITTLE_ENDIAN),
                    buffer.getLong(index + CommandDescriptor.UNIT_COST_OFFSET, LITTLE_ENDIAN));
            case CommandDescriptor.LINK_TYPE:
                return engine.link(
                    buffer.getInt(index + CommandDescriptor.PRODUCT_OFFSET, LITTLE_ENDIAN),
                    buffer.getInt(index + CommandDescriptor.SOURCE_OFFSET, LITTLE_ENDIAN));
            case CommandDescriptor.UNLINK_TYPE:
                return engine.unlink(buffer.getInt(index + CommandDescriptor.PRODUCT_OFFSET, LITTLE_ENDIAN));
            case CommandDescriptor.ADD_PRODUCT_TYPE:
                return engine.addProduct(decodeSku(buffer, index));
            case CommandDescriptor.RESERVATION_QUERY_TYPE:
                return runtime.answerReservationQuery(engine, (int)currentCorrelation,
                    buffer.getLong(index + CommandDescriptor.RESERVATION_ID_OFFSET, LITTLE_ENDIAN));
            default:
                return Result.INVALID_COMMAND;
        }
    }

    private CharSequence decodeSku(final DirectBuffer buffer, final int index)
    {
        sku.setLength(0);
        final int length = buffer.getInt(index + CommandDescriptor.COUNT_OFFSET, LITTLE_ENDIAN);
        for (int i = 0; i < length; i++)
        {
            sku.append((char)buffer.getByte(index + CommandDescriptor.SKU_OFFSET + i));
        }
        return sku;
    }

    private OrderLines decodeLines(final DirectBuffer buffer, final int index)
    {
        lines.clear();
        final int count = buffer.getInt(index + CommandDescriptor.COUNT_OFFSET, LITTLE_ENDIAN);
        int line = index + CommandDescriptor.LINES_OFFSET;
        for (int i = 0; i < count; i++, line += CommandDescriptor.LINE_LENGTH)
        {
            lines.add(
                buffer.getInt(line + CommandDescriptor.LINE_PRODUCT_OFFSET, LITTLE_ENDIAN),
                buffer.getLong(line + CommandDescriptor.LINE_QUANTITY_OFFSET, LITTLE_ENDIAN));
        }
        return lines;
    }

    private void completeBatch(final int count)
    {
        final long start = System.nanoTime();
        journaled.commit();
        final long commitNanos = System.nanoTime() - start;
        final int changes = view.publish(engine);
        counters.onBatch(count, commitNanos, changes);
        final int pending = pendingCount;
        pendingCount = 0;
        // One clock read per batch, not per result: about 100 ns each on this project's VMs, on the busiest thread.
        final long handedOverNanos = System.nanoTime();
        for (int i = 0; i < pending; i++)
        {
            // Recorded before the result is handed over, so a caller that has its result finds it counted.
            counters.onAcknowledged(handedOverNanos - pendingOfferedNanos[i]);
            complete(pendingClients[i], pendingCorrelations[i], pendingResults[i]);
            pendingResults[i] = null;
        }
    }

    private int idle()
    {
        if (now - engine.time() >= idleTimeAdvanceMillis)
        {
            engine.advanceTime(now);
            journaled.commit();
            counters.onBatch(0, 0, view.publish(engine));
            return 1;
        }
        return 0;
    }

    private void complete(final int clientId, final long correlationId, final Result result)
    {
        counters.onResult(result);
        try
        {
            runtime.client(clientId).handler().onResult(correlationId, result);
        }
        catch (final Throwable ex)
        {
            // The command is durable and acknowledged; a faulty handler must not stop the engine.
            runtime.recordError(ex);
        }
    }

    private void refuse(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        complete(buffer.getInt(index + CommandDescriptor.CLIENT_ID_OFFSET, LITTLE_ENDIAN),
            buffer.getLong(index + CommandDescriptor.CORRELATION_ID_OFFSET, LITTLE_ENDIAN), refusal);
    }

    private void fail(final Throwable ex)
    {
        failed = true;
        if (ex instanceof Error && journaled != null)
        {
            // A fault writing the mapped journal (disk full) arrives as an InternalError wherever the thread next
            // polls, not always inside the journal: write nothing more to it.
            journaled.markFailed(ex);
        }
        runtime.recordError(ex);
        runtime.markFailed();
        if (currentClient >= 0)
        {
            final int client = currentClient;
            currentClient = -1;
            complete(client, currentCorrelation, Result.ENGINE_FAILED);
        }
        final int pending = pendingCount;
        pendingCount = 0;
        for (int i = 0; i < pending; i++)
        {
            complete(pendingClients[i], pendingCorrelations[i], Result.ENGINE_FAILED);
            pendingResults[i] = null;
        }
        try
        {
            journaled.closeWithoutSnapshot();
        }
        catch (final Throwable closeFailure)
        {
            runtime.recordError(closeFailure);
        }
    }

    /**
     * Applies what is left in the ring, closes the journal (with a snapshot unless failed), then refuses
     * whatever arrives later; signals the closing thread.
     */
    private void finish()
    {
        finished = true;
        try
        {
            if (!failed)
            {
                int count;
                while ((count = ring.read(this, batchLimit)) > 0)
                {
                    completeBatch(count);
                }
                journaled.close();
            }
        }
        catch (final Throwable ex)
        {
            fail(ex);
        }
        finally
        {
            refusal = failed ? Result.ENGINE_FAILED : Result.RUNTIME_CLOSED;
            runtime.agentFinished();
        }
    }
}
