package dev.stockcore.runtime;

import dev.stockcore.engine.StockEngine;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.broadcast.BroadcastBufferDescriptor;
import org.agrona.concurrent.broadcast.BroadcastTransmitter;

import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The stock levels the engine agent publishes after each batch, read by any thread without locks.
 * <p>
 * One 64-byte record per product in an off-heap buffer, so products never share a cache line:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 version (odd while being written)             |  0
 *  +---------------------------------------------------------------+
 *  |                 physical                                      |  8
 *  +---------------------------------------------------------------+
 *  |                 reserved held                                 | 16
 *  +---------------------------------------------------------------+
 *  |                 reserved ordered                              | 24
 *  +---------------------------------------------------------------+
 *  |                 available (through the holder)                | 32
 *  +---------------------------------------------------------------+
 *  |                 source index, or -1                           | 40
 *  +---------------------------------------------------------------+
 *  |                 sequence of the last change of available      | 48
 *  +---------------------------------------------------------------+
 *  |                 (pad)                                         | 56
 *  +---------------------------------------------------------------+
 * </pre>
 * (longs, not drawn to scale). The writer is the engine agent only: it bumps the version to odd, writes the
 * fields, and releases the even version (a sequence lock), so a {@link #level} read is consistent; a single
 * {@link #available} read is one or two atomic loads. A linked consumer's record names its source, and readers
 * take the available from the source's record: a change on a source with 400 consumers costs the engine one
 * record write, not 401. Every change of available is broadcast as (product, sequence) for the
 * {@link FeedSubscription}s, which fan a source's change out to its consumers on their own thread, from
 * copy-on-write consumer lists.
 * <p>
 * The buffer grows by copying; the new one is published through a volatile field before the products it adds
 * are acknowledged, so a reader that saw its own command acknowledged reads a value at least that new.
 * <p>
 * Byte order: the level records are native order on purpose. They never leave the process (the buffer is
 * allocated here, never mapped to a file) and their version, available, source and sequence fields are read
 * and written with Agrona's volatile, acquire and release accessors, which exist in native order only; a field
 * must be read in the order it was written, so the plain accesses of the same record stay native too. The
 * feed's change notice (product int @0, sequence long @8, {@value #CHANGE_LENGTH} bytes) is a plain message
 * and is little-endian, as every layout a later process could read.
 */
final class StockView
{
    static final int RECORD_LENGTH = 64;
    static final int VERSION_OFFSET = 0;
    static final int PHYSICAL_OFFSET = 8;
    static final int RESERVED_HELD_OFFSET = 16;
    static final int RESERVED_ORDERED_OFFSET = 24;
    static final int AVAILABLE_OFFSET = 32;
    static final int SOURCE_OFFSET = 40;
    static final int SEQUENCE_OFFSET = 48;

    static final int CHANGE_TYPE = 1;
    static final int CHANGE_PRODUCT_OFFSET = 0;
    static final int CHANGE_SEQUENCE_OFFSET = 8;
    static final int CHANGE_LENGTH = 16;

    private volatile UnsafeBuffer records;
    private volatile String[] skus;
    private volatile int productCount;
    private final ConcurrentHashMap<String, Integer> indexBySku = new ConcurrentHashMap<>();

    private final UnsafeBuffer broadcastBuffer;
    private final BroadcastTransmitter transmitter;
    private final UnsafeBuffer change = new UnsafeBuffer(new byte[CHANGE_LENGTH]);

    // Writer-only state: the products touched by the current batch, and the consumers of each source.
    private int[] dirty;
    private boolean[] isDirty;
    private int dirtyCount;
    private volatile AtomicReferenceArray<int[]> consumerLists;

    StockView(final int expectedProducts, final int feedBufferLength)
    {
        final int capacity = Math.max(16, expectedProducts);
        records = newRecords(capacity);
        skus = new String[capacity];
        dirty = new int[capacity];
        isDirty = new boolean[capacity];
        consumerLists = new AtomicReferenceArray<>(capacity);
        broadcastBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            feedBufferLength + BroadcastBufferDescriptor.TRAILER_LENGTH, 64));
        transmitter = new BroadcastTransmitter(broadcastBuffer);
    }

    // ---------------------------------------------------------------------------------------------- readers

    int productIndex(final String sku)
    {
        final Integer index = indexBySku.get(sku);
        // Registered on the engine thread but not yet published (acknowledged): not visible yet.
        return index == null || index >= productCount ? -1 : index;
    }

    int productCount()
    {
        return productCount;
    }

    String sku(final int product)
    {
        return product >= 0 && product < productCount ? skus[product] : null;
    }

    long available(final int product)
    {
        requireProduct(product);
        final UnsafeBuffer buffer = records;
        final long source = buffer.getLongVolatile(product * RECORD_LENGTH + SOURCE_OFFSET);
        final int holder = source >= 0 ? (int)source : product;
        return buffer.getLongVolatile(holder * RECORD_LENGTH + AVAILABLE_OFFSET);
    }

    int[] consumers(final int source)
    {
        final AtomicReferenceArray<int[]> lists = consumerLists;
        return source < lists.length() ? lists.get(source) : null;
    }

    long changeSequence(final int product)
    {
        return records.getLongVolatile(product * RECORD_LENGTH + SEQUENCE_OFFSET);
    }

    void level(final int product, final StockLevel level)
    {
        requireProduct(product);
        final int base = product * RECORD_LENGTH;
        while (true)
        {
            final UnsafeBuffer buffer = records;
            final long before = buffer.getLongAcquire(base + VERSION_OFFSET);
            if ((before & 1) == 0)
            {
                level.physical = buffer.getLong(base + PHYSICAL_OFFSET);
                level.reservedHeld = buffer.getLong(base + RESERVED_HELD_OFFSET);
                level.reservedOrdered = buffer.getLong(base + RESERVED_ORDERED_OFFSET);
                level.available = buffer.getLong(base + AVAILABLE_OFFSET);
                level.source = (int)buffer.getLong(base + SOURCE_OFFSET);
                level.sequence = buffer.getLong(base + SEQUENCE_OFFSET);
                VarHandle.loadLoadFence();
                if (buffer.getLong(base + VERSION_OFFSET) == before)
                {
                    if (level.source >= 0)
                    {
                        // A consumer sells its source's stock: the source's record holds the live value.
                        final int sourceBase = level.source * RECORD_LENGTH;
                        level.available = buffer.getLongVolatile(sourceBase + AVAILABLE_OFFSET);
                        level.sequence = Math.max(level.sequence,
                            buffer.getLongVolatile(sourceBase + SEQUENCE_OFFSET));
                    }
                    return;
                }
            }
            Thread.onSpinWait();
        }
    }

    UnsafeBuffer broadcastBuffer()
    {
        return broadcastBuffer;
    }

    private void requireProduct(final int product)
    {
        if (product < 0 || product >= productCount)
        {
            throw new IllegalArgumentException("unknown product index " + product + " (" + productCount +
                " products); look it up with productIndex(sku) after its registration was acknowledged");
        }
    }

    // ---------------------------------------------------------------------------------------------- writer

    /**
     * Loads every product of a recovered engine, before any reader exists.
     */
    void loadAll(final StockEngine engine)
    {
        for (int p = 0; p < engine.productCount(); p++)
        {
            productAdded(p, engine.sku(p));
            final int source = engine.source(p);
            if (source >= 0)
            {
                linked(p, source);
            }
        }
        for (int p = 0; p < engine.productCount(); p++)
        {
            write(p, engine, engine.sequence(), engine.available(p));
        }
        productCount = engine.productCount();
    }

    /** A movement named this product: republish it (and, for a source, its consumers) at the batch end. */
    void touched(final int product)
    {
        if (product >= 0 && !isDirty[product])
        {
            isDirty[product] = true;
            dirty[dirtyCount++] = product;
        }
    }

    void productAdded(final int product, final String sku)
    {
        ensureCapacity(product + 1);
        skus[product] = sku;
        indexBySku.put(sku, product);
        records.putLong(product * RECORD_LENGTH + AVAILABLE_OFFSET, Long.MIN_VALUE);
        records.putLong(product * RECORD_LENGTH + SOURCE_OFFSET, -1);
    }

    /** Copy on write: links are rare, and subscribers read the lists while the engine runs. */
    void linked(final int consumer, final int source)
    {
        final int[] current = consumerLists.get(source);
        final int[] grown = current == null ? new int[1] : Arrays.copyOf(current, current.length + 1);
        grown[grown.length - 1] = consumer;
        consumerLists.set(source, grown);
    }

    void unlinked(final int consumer, final int source)
    {
        final int[] current = consumerLists.get(source);
        if (current == null)
        {
            return;
        }
        final int[] shrunk = new int[current.length - 1];
        for (int i = 0, j = 0; i < current.length; i++)
        {
            if (current[i] != consumer && j < shrunk.length)
            {
                shrunk[j++] = current[i];
            }
        }
        consumerLists.set(source, shrunk.length == 0 ? null : shrunk);
    }

    /**
     * Publishes every product touched since the last call, then makes new products visible.
     *
     * @return how many products' available changed (feed events broadcast).
     */
    int publish(final StockEngine engine)
    {
        final long sequence = engine.sequence();
        int changes = 0;
        for (int i = 0; i < dirtyCount; i++)
        {
            final int product = dirty[i];
            final long available = engine.available(product);
            if (write(product, engine, sequence, available))
            {
                changes++;
                broadcast(product, sequence);
            }
        }
        for (int i = 0; i < dirtyCount; i++)
        {
            isDirty[dirty[i]] = false;
        }
        dirtyCount = 0;
        if (productCount != engine.productCount())
        {
            productCount = engine.productCount();
        }
        return changes;
    }

    private boolean write(final int product, final StockEngine engine, final long sequence, final long available)
    {
        final UnsafeBuffer buffer = records;
        final int base = product * RECORD_LENGTH;
        final long previousAvailable = buffer.getLong(base + AVAILABLE_OFFSET);
        final long source = engine.source(product);
        // A linked consumer's own available field is not read (readers follow its source); it changes with a
        // link or unlink only.
        final boolean changed = buffer.getLong(base + SOURCE_OFFSET) != source ||
            (source < 0 && previousAvailable != available);
        final long version = buffer.getLong(base + VERSION_OFFSET);
        buffer.putLong(base + VERSION_OFFSET, version + 1);
        VarHandle.storeStoreFence();
        buffer.putLong(base + PHYSICAL_OFFSET, engine.physical(product));
        buffer.putLong(base + RESERVED_HELD_OFFSET, engine.reservedHeld(product));
        buffer.putLong(base + RESERVED_ORDERED_OFFSET, engine.reservedOrdered(product));
        buffer.putLong(base + AVAILABLE_OFFSET, available);
        buffer.putLong(base + SOURCE_OFFSET, source);
        if (changed)
        {
            buffer.putLong(base + SEQUENCE_OFFSET, sequence);
        }
        buffer.putLongRelease(base + VERSION_OFFSET, version + 2);
        return changed;
    }

    private void broadcast(final int product, final long sequence)
    {
        change.putInt(CHANGE_PRODUCT_OFFSET, product, LITTLE_ENDIAN);
        change.putLong(CHANGE_SEQUENCE_OFFSET, sequence, LITTLE_ENDIAN);
        transmitter.transmit(CHANGE_TYPE, change, 0, CHANGE_LENGTH);
    }

    private void ensureCapacity(final int products)
    {
        final int capacity = skus.length;
        if (products <= capacity)
        {
            return;
        }
        final int newCapacity = (int)Math.min(Integer.MAX_VALUE / RECORD_LENGTH, Math.max(products, 2L * capacity));
        final UnsafeBuffer grown = newRecords(newCapacity);
        grown.putBytes(0, records, 0, capacity * RECORD_LENGTH);
        skus = Arrays.copyOf(skus, newCapacity);
        dirty = Arrays.copyOf(dirty, newCapacity);
        isDirty = Arrays.copyOf(isDirty, newCapacity);
        final AtomicReferenceArray<int[]> lists = new AtomicReferenceArray<>(newCapacity);
        for (int i = 0; i < capacity; i++)
        {
            lists.set(i, consumerLists.get(i));
        }
        consumerLists = lists;
        records = grown;
    }

    private static UnsafeBuffer newRecords(final int capacity)
    {
        return new UnsafeBuffer(BufferUtil.allocateDirectAligned(capacity * RECORD_LENGTH, 64));
    }
}
