package dev.stockcore.bench.workload;

/**
 * The parameters of a workload: the catalogue's shape, how popular each SKU is, what an order looks like and what
 * happens to it. Two presets, {@link #normal()} trading and a {@link #peak()} period (a flash sale), and fluent
 * setters to vary them; {@link #conclude()} checks the values.
 * <p>
 * Products are numbered physical first ({@code 0..physicalProducts-1}), then virtual consumers
 * ({@code physicalProducts..productCount()-1}); virtual consumer {@code j} shares the stock of physical product
 * {@code j % sources}. SKU popularity follows a Zipf law over a seeded permutation of the products, so the hot SKUs
 * are spread over the index space rather than being the first ones.
 */
public final class WorkloadModel
{
    private String name = "custom";
    private int physicalProducts = 100_000;
    private int virtualProducts = 2_000;
    private int sources = 5;
    private long initialStock = 1_000_000_000L;
    private double zipfExponent = 0.6;
    private double virtualOrderShare = 0.05;
    private int minLines = 1;
    private int maxLines = 3;
    private int maxQuantity = 3;
    private double cancelShare = 0.10;
    private double expireShare = 0.01;
    private long ttlMillis = 10_000L;
    private int rateMultiplier = 1;
    private long popularitySeed = 0x5EEDL;

    /**
     * Normal trading: mild skew (Zipf 0.6: the top 1% of SKUs take about 15% of the lines), 5% of orders on
     * virtual products, 1–3 lines, 10% cancelled, 1% abandoned, 10 s time-to-live, the base rate.
     *
     * @return a new model.
     */
    public static WorkloadModel normal()
    {
        return new WorkloadModel().name("normal");
    }

    /**
     * A peak period, a flash sale: ten times the base rate, strong skew (Zipf 1.1: the hottest SKU takes about 13%
     * of the lines and the top ten about 36%), 20% of orders on virtual products that share five sources, 1–5
     * lines of 1–2 units, 10% cancelled, 2% abandoned and expiring. The time-to-live is compressed to 2 s (a real
     * checkout holds for minutes) so that expiries happen within a short run.
     *
     * @return a new model.
     */
    public static WorkloadModel peak()
    {
        return new WorkloadModel()
            .name("peak")
            .zipfExponent(1.1)
            .virtualOrderShare(0.20)
            .lines(1, 5)
            .maxQuantity(2)
            .cancelShare(0.10)
            .expireShare(0.02)
            .ttlMillis(2_000L)
            .rateMultiplier(10);
    }

    /**
     * @param name {@code normal} or {@code peak}.
     * @return the preset.
     * @throws IllegalArgumentException for another name.
     */
    public static WorkloadModel forName(final String name)
    {
        switch (name)
        {
            case "normal":
                return normal();
            case "peak":
                return peak();
            default:
                throw new IllegalArgumentException("unknown workload model '" + name + "': use normal or peak");
        }
    }

    /**
     * Checks the parameters.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first bad value.
     */
    public WorkloadModel conclude()
    {
        require(physicalProducts >= 1, "physicalProducts must be >= 1", physicalProducts);
        require(virtualProducts >= 0, "virtualProducts must be >= 0", virtualProducts);
        require(virtualProducts == 0 || (sources >= 1 && sources <= physicalProducts),
            "sources must be 1..physicalProducts when there are virtual products", sources);
        require(initialStock >= 1, "initialStock must be >= 1", initialStock);
        // Lines are distinct products: beyond 3 the second rank is so rare that drawing five distinct ones stalls.
        require(zipfExponent >= 0.0 && zipfExponent <= 3.0, "zipfExponent must be 0..3", zipfExponent);
        require(virtualOrderShare >= 0.0 && virtualOrderShare <= 1.0, "virtualOrderShare must be 0..1",
            virtualOrderShare);
        require(virtualOrderShare == 0.0 || virtualProducts > 0, "virtualOrderShare > 0 needs virtual products",
            virtualOrderShare);
        require(minLines >= 1 && maxLines >= minLines && maxLines <= 64, "lines must be 1 <= min <= max <= 64",
            minLines + ".." + maxLines);
        require(maxLines <= physicalProducts, "maxLines must not exceed physicalProducts (lines are distinct)",
            maxLines);
        require(virtualOrderShare == 0.0 || maxLines <= virtualProducts,
            "maxLines must not exceed virtualProducts (lines are distinct)", maxLines);
        require(maxQuantity >= 1, "maxQuantity must be >= 1", maxQuantity);
        require(cancelShare >= 0.0 && expireShare >= 0.0 && cancelShare + expireShare <= 1.0,
            "cancelShare and expireShare must be >= 0 and add up to at most 1", cancelShare + "+" + expireShare);
        require(ttlMillis >= 1, "ttlMillis must be >= 1", ttlMillis);
        require(rateMultiplier >= 1, "rateMultiplier must be >= 1", rateMultiplier);
        return this;
    }

    private static void require(final boolean condition, final String message, final Object value)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message + ", got " + value);
        }
    }

    /**
     * Builds the catalogue of this model.
     *
     * @return the products with their starting stock and sources.
     */
    public Catalogue catalogue()
    {
        return new CatalogueBuilder()
            .physicalProducts(physicalProducts)
            .virtualProducts(virtualProducts)
            .sources(sources)
            .initialStock(initialStock)
            .build();
    }

    /**
     * @return total products, physical plus virtual.
     */
    public int productCount()
    {
        return physicalProducts + virtualProducts;
    }

    /**
     * @param name printed in reports.
     * @return this.
     */
    public WorkloadModel name(final String name)
    {
        this.name = name;
        return this;
    }

    /**
     * @return the name printed in reports.
     */
    public String name()
    {
        return name;
    }

    /**
     * @param count physical products (each holds its own stock).
     * @return this.
     */
    public WorkloadModel physicalProducts(final int count)
    {
        physicalProducts = count;
        return this;
    }

    /**
     * @return physical products.
     */
    public int physicalProducts()
    {
        return physicalProducts;
    }

    /**
     * @param count virtual products (consumers sharing a source's stock).
     * @return this.
     */
    public WorkloadModel virtualProducts(final int count)
    {
        virtualProducts = count;
        return this;
    }

    /**
     * @return virtual products.
     */
    public int virtualProducts()
    {
        return virtualProducts;
    }

    /**
     * @param count physical products that the virtual ones share (products {@code 0..count-1}).
     * @return this.
     */
    public WorkloadModel sources(final int count)
    {
        sources = count;
        return this;
    }

    /**
     * @return physical products shared by the virtual ones.
     */
    public int sources()
    {
        return sources;
    }

    /**
     * @param units stock each physical product starts with.
     * @return this.
     */
    public WorkloadModel initialStock(final long units)
    {
        initialStock = units;
        return this;
    }

    /**
     * @return stock each physical product starts with.
     */
    public long initialStock()
    {
        return initialStock;
    }

    /**
     * @param exponent Zipf skew of SKU popularity, 0 for uniform.
     * @return this.
     */
    public WorkloadModel zipfExponent(final double exponent)
    {
        zipfExponent = exponent;
        return this;
    }

    /**
     * @return Zipf skew of SKU popularity.
     */
    public double zipfExponent()
    {
        return zipfExponent;
    }

    /**
     * @param share fraction of orders whose lines are all on virtual products.
     * @return this.
     */
    public WorkloadModel virtualOrderShare(final double share)
    {
        virtualOrderShare = share;
        return this;
    }

    /**
     * @return fraction of orders on virtual products.
     */
    public double virtualOrderShare()
    {
        return virtualOrderShare;
    }

    /**
     * @param min fewest lines of an order.
     * @param max most lines of an order (each on a distinct product).
     * @return this.
     */
    public WorkloadModel lines(final int min, final int max)
    {
        minLines = min;
        maxLines = max;
        return this;
    }

    /**
     * @return fewest lines of an order.
     */
    public int minLines()
    {
        return minLines;
    }

    /**
     * @return most lines of an order.
     */
    public int maxLines()
    {
        return maxLines;
    }

    /**
     * @param units most units on one line (uniform 1..units).
     * @return this.
     */
    public WorkloadModel maxQuantity(final int units)
    {
        maxQuantity = units;
        return this;
    }

    /**
     * @return most units on one line.
     */
    public int maxQuantity()
    {
        return maxQuantity;
    }

    /**
     * @param share fraction of orders cancelled (released).
     * @return this.
     */
    public WorkloadModel cancelShare(final double share)
    {
        cancelShare = share;
        return this;
    }

    /**
     * @return fraction of orders cancelled.
     */
    public double cancelShare()
    {
        return cancelShare;
    }

    /**
     * @param share fraction of orders abandoned, left to expire.
     * @return this.
     */
    public WorkloadModel expireShare(final double share)
    {
        expireShare = share;
        return this;
    }

    /**
     * @return fraction of orders left to expire.
     */
    public double expireShare()
    {
        return expireShare;
    }

    /**
     * @param millis time-to-live of every reservation.
     * @return this.
     */
    public WorkloadModel ttlMillis(final long millis)
    {
        ttlMillis = millis;
        return this;
    }

    /**
     * @return time-to-live of every reservation.
     */
    public long ttlMillis()
    {
        return ttlMillis;
    }

    /**
     * @param multiplier how many times the base rate this model runs at (the peak simulator's default rates).
     * @return this.
     */
    public WorkloadModel rateMultiplier(final int multiplier)
    {
        rateMultiplier = multiplier;
        return this;
    }

    /**
     * @return how many times the base rate this model runs at.
     */
    public int rateMultiplier()
    {
        return rateMultiplier;
    }

    /**
     * @param seed seed of the permutation that ranks SKUs by popularity; generators of one run must share it so
     *             that every client thread agrees on which SKUs are hot.
     * @return this.
     */
    public WorkloadModel popularitySeed(final long seed)
    {
        popularitySeed = seed;
        return this;
    }

    /**
     * @return seed of the popularity permutation.
     */
    public long popularitySeed()
    {
        return popularitySeed;
    }

    @Override
    public String toString()
    {
        return name + " (" + physicalProducts + " physical + " + virtualProducts + " virtual products on " + sources +
            " sources, Zipf " + zipfExponent + ", " + Math.round(virtualOrderShare * 100) + "% virtual orders, " +
            minLines + "-" + maxLines + " lines of 1-" + maxQuantity + " units, " + Math.round(cancelShare * 100) +
            "% cancelled, " + Math.round(expireShare * 100) + "% expiring after " + ttlMillis + " ms)";
    }
}
