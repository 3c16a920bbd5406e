package dev.stockcore.cli.webhook;

import org.agrona.collections.Int2IntHashMap;

import java.util.Arrays;

/**
 * Availability changes kept once per product, the latest winning, in the order of their sequence: a change
 * for a product already held replaces it (the old slot is left empty and the new one appended), so the live
 * slots stay in ascending sequence. Also remembers the smallest and largest sequence of every change added,
 * replaced ones included: the range the changes cover.
 */
final class ConflatedChanges
{
    private static final int NONE = -1;

    private final Int2IntHashMap slotByProduct = new Int2IntHashMap(NONE);
    private int[] products = new int[16];
    private long[] sequences = new long[16];
    private String[] objects = new String[16];
    private int slots;
    private int size;
    private long firstSequence = NONE;
    private long lastSequence = NONE;

    /**
     * @param product  the product's index.
     * @param sequence the change's sequence, not below the last one added.
     * @param object   the change as a JSON object.
     */
    void add(final int product, final long sequence, final String object)
    {
        final int previous = slotByProduct.get(product);
        if (previous != NONE)
        {
            objects[previous] = null;
            size--;
        }
        if (slots == products.length)
        {
            final int capacity = slots * 2;
            products = Arrays.copyOf(products, capacity);
            sequences = Arrays.copyOf(sequences, capacity);
            objects = Arrays.copyOf(objects, capacity);
        }
        products[slots] = product;
        sequences[slots] = sequence;
        objects[slots] = object;
        slotByProduct.put(product, slots);
        slots++;
        size++;
        cover(sequence);
    }

    /** @param sequence a sequence this set now covers, though it holds no change of it. */
    void cover(final long sequence)
    {
        if (firstSequence == NONE || sequence < firstSequence)
        {
            firstSequence = sequence;
        }
        lastSequence = Math.max(lastSequence, sequence);
    }

    /** @return the number of products held. */
    int size()
    {
        return size;
    }

    /** @return whether a change of this product is held. */
    boolean contains(final int product)
    {
        return slotByProduct.containsKey(product);
    }

    /** @return slots used, live or replaced; iterate {@code 0..slots()-1} with {@link #live(int)}. */
    int slots()
    {
        return slots;
    }

    boolean live(final int slot)
    {
        return objects[slot] != null;
    }

    int product(final int slot)
    {
        return products[slot];
    }

    long sequence(final int slot)
    {
        return sequences[slot];
    }

    String object(final int slot)
    {
        return objects[slot];
    }

    /** @return the smallest sequence covered, -1 if empty. */
    long firstSequence()
    {
        return firstSequence;
    }

    /** @return the largest sequence covered, -1 if empty. */
    long lastSequence()
    {
        return lastSequence;
    }

    /** Forgets the slots before {@code slot}, keeping the others in order (they cover only their own sequences). */
    void dropBefore(final int slot)
    {
        final int kept = slots - slot;
        final String[] keptObjects = Arrays.copyOfRange(objects, slot, slots);
        final int[] keptProducts = Arrays.copyOfRange(products, slot, slots);
        final long[] keptSequences = Arrays.copyOfRange(sequences, slot, slots);
        clear();
        for (int i = 0; i < kept; i++)
        {
            if (keptObjects[i] != null)
            {
                add(keptProducts[i], keptSequences[i], keptObjects[i]);
            }
            else
            {
                cover(keptSequences[i]);
            }
        }
    }

    /** Empties it. */
    void clear()
    {
        Arrays.fill(objects, 0, slots, null);
        slotByProduct.clear();
        slots = 0;
        size = 0;
        firstSequence = NONE;
        lastSequence = NONE;
    }
}
