package dev.stockcore.bench.workload;

/**
 * Generates the orders of a {@link WorkloadModel}, seeded and without allocating: one at a time ({@link #next()},
 * then read the current order through the accessors) or a batch at a time ({@link #fill}).
 * <p>
 * An order is on virtual products with probability {@code virtualOrderShare} (then all its lines are), has
 * {@code minLines..maxLines} lines on distinct products of {@code 1..maxQuantity} units, each product drawn by a
 * Zipf law over a popularity ranking shared by every generator of the model (it depends on the model's
 * popularity seed only), and a fate: released with probability {@code cancelShare}, left to expire with
 * {@code expireShare}, committed otherwise. Reservation ids are {@code first, first + stride, ...}, so that client
 * threads given distinct firsts and the same stride never collide. Equal seeds give equal orders.
 * Not thread safe: one per thread.
 */
public final class OrderGenerator
{
    private final WorkloadModel model;
    private final SplitMix64 random;
    private final ZipfSampler physicalZipf;
    private final ZipfSampler virtualZipf;
    private final int[] physicalByRank;
    private final int[] virtualByRank;
    private final int lineSpan;
    private final double cancelShare;
    private final double cancelOrExpireShare;
    private final long idStride;

    private final int[] products = new int[64];
    private final long[] quantities = new long[64];
    private int lineCount;
    private long reservationId;
    private long nextReservationId;
    private boolean virtual;
    private OrderFate fate = OrderFate.COMMIT;

    /**
     * A generator whose reservation ids are 1, 2, 3...
     *
     * @param model the workload (concluded here).
     * @param seed  seed of the order stream.
     */
    public OrderGenerator(final WorkloadModel model, final long seed)
    {
        this(model, seed, 1, 1);
    }

    /**
     * @param model              the workload (concluded here).
     * @param seed               seed of the order stream.
     * @param firstReservationId id of the first order, at least 1.
     * @param idStride           step between ids, at least 1.
     */
    public OrderGenerator(
        final WorkloadModel model, final long seed, final long firstReservationId, final long idStride)
    {
        if (firstReservationId < 1 || idStride < 1)
        {
            throw new IllegalArgumentException("reservation ids must be positive with a positive stride, got first=" +
                firstReservationId + " stride=" + idStride);
        }
        this.model = model.conclude();
        this.random = new SplitMix64(seed);
        this.idStride = idStride;
        this.nextReservationId = firstReservationId;
        physicalZipf = new ZipfSampler(model.physicalProducts(), model.zipfExponent());
        physicalByRank = permutation(0, model.physicalProducts(), new SplitMix64(model.popularitySeed()));
        if (model.virtualProducts() > 0)
        {
            virtualZipf = new ZipfSampler(model.virtualProducts(), model.zipfExponent());
            virtualByRank = permutation(
                model.physicalProducts(), model.virtualProducts(), new SplitMix64(~model.popularitySeed()));
        }
        else
        {
            virtualZipf = null;
            virtualByRank = null;
        }
        lineSpan = model.maxLines() - model.minLines() + 1;
        cancelShare = model.cancelShare();
        cancelOrExpireShare = model.cancelShare() + model.expireShare();
    }

    /**
     * Generates the next order; read it with the accessors until the next call.
     *
     * @return this.
     */
    public OrderGenerator next()
    {
        reservationId = nextReservationId;
        nextReservationId += idStride;
        virtual = virtualZipf != null && random.nextDouble() < model.virtualOrderShare();
        lineCount = model.minLines() + random.nextInt(lineSpan);
        for (int i = 0; i < lineCount; i++)
        {
            int product;
            do
            {
                product = virtual ?
                    virtualByRank[virtualZipf.sample(random) - 1] : physicalByRank[physicalZipf.sample(random) - 1];
            }
            while (contains(product, i));
            products[i] = product;
            quantities[i] = 1 + random.nextInt(model.maxQuantity());
        }
        final double draw = random.nextDouble();
        fate = draw < cancelShare ? OrderFate.RELEASE :
            draw < cancelOrExpireShare ? OrderFate.EXPIRE : OrderFate.COMMIT;
        return this;
    }

    /**
     * Replaces the contents of a batch with the next {@code orders} orders.
     *
     * @param batch  the batch, cleared first; it must hold {@code orders} orders of {@code maxLines} lines.
     * @param orders how many.
     * @param fates  receives each order's fate at its index in the batch, or null.
     */
    public void fill(final OrderBatch batch, final int orders, final OrderFate[] fates)
    {
        batch.clear();
        for (int o = 0; o < orders; o++)
        {
            next();
            batch.add(reservationId);
            for (int i = 0; i < lineCount; i++)
            {
                batch.addLine(products[i], quantities[i]);
            }
            if (fates != null)
            {
                fates[o] = fate;
            }
        }
    }

    /**
     * @return the model.
     */
    public WorkloadModel model()
    {
        return model;
    }

    /**
     * @return the current order's reservation id.
     */
    public long reservationId()
    {
        return reservationId;
    }

    /**
     * @return the current order's number of lines.
     */
    public int lineCount()
    {
        return lineCount;
    }

    /**
     * @param line 0..lineCount()-1.
     * @return the product of that line, as ordered (may be virtual).
     */
    public int product(final int line)
    {
        return products[line];
    }

    /**
     * @param line 0..lineCount()-1.
     * @return the units of that line.
     */
    public long quantity(final int line)
    {
        return quantities[line];
    }

    /**
     * @return whether the current order's lines are on virtual products.
     */
    public boolean isVirtual()
    {
        return virtual;
    }

    /**
     * @return what happens to the current order.
     */
    public OrderFate fate()
    {
        return fate;
    }

    /**
     * @return the time-to-live every reservation is taken with.
     */
    public long ttlMillis()
    {
        return model.ttlMillis();
    }

    /**
     * @param rank popularity rank, 1 the most popular.
     * @return the physical product at that rank.
     */
    public int physicalProductAtRank(final int rank)
    {
        return physicalByRank[rank - 1];
    }

    private boolean contains(final int product, final int lines)
    {
        for (int i = 0; i < lines; i++)
        {
            if (products[i] == product)
            {
                return true;
            }
        }
        return false;
    }

    private static int[] permutation(final int first, final int count, final SplitMix64 random)
    {
        final int[] values = new int[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = first + i;
        }
        for (int i = count - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
        return values;
    }
}
