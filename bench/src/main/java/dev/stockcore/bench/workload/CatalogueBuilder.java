package dev.stockcore.bench.workload;

/**
 * Builds a {@link Catalogue}: {@code N} physical products ({@code 0..N-1}), then {@code M} virtual consumers
 * ({@code N..N+M-1}), consumer {@code j} sharing the stock of physical product {@code j % sources}.
 */
public final class CatalogueBuilder
{
    private int physicalProducts = 1;
    private int virtualProducts;
    private int sources = 1;
    private long initialStock = 1_000_000_000L;

    /**
     * @param count physical products, at least 1.
     * @return this.
     */
    public CatalogueBuilder physicalProducts(final int count)
    {
        physicalProducts = count;
        return this;
    }

    /**
     * @param count virtual consumers, at least 0.
     * @return this.
     */
    public CatalogueBuilder virtualProducts(final int count)
    {
        virtualProducts = count;
        return this;
    }

    /**
     * @param count physical products shared by the consumers, 1..physicalProducts.
     * @return this.
     */
    public CatalogueBuilder sources(final int count)
    {
        sources = count;
        return this;
    }

    /**
     * @param units stock each physical product starts with.
     * @return this.
     */
    public CatalogueBuilder initialStock(final long units)
    {
        initialStock = units;
        return this;
    }

    /**
     * @return the catalogue.
     * @throws IllegalArgumentException if the counts do not fit together.
     */
    public Catalogue build()
    {
        if (physicalProducts < 1 || virtualProducts < 0)
        {
            throw new IllegalArgumentException("a catalogue needs at least one physical product and no negative " +
                "count, got physical=" + physicalProducts + " virtual=" + virtualProducts);
        }
        if (virtualProducts > 0 && (sources < 1 || sources > physicalProducts))
        {
            throw new IllegalArgumentException("sources must be 1.." + physicalProducts + ", got " + sources);
        }
        final int[] productSources = new int[physicalProducts + virtualProducts];
        for (int p = 0; p < physicalProducts; p++)
        {
            productSources[p] = -1;
        }
        for (int j = 0; j < virtualProducts; j++)
        {
            productSources[physicalProducts + j] = j % sources;
        }
        return new Catalogue(productSources, initialStock);
    }
}
