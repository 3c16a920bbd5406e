package dev.stockcore.bench.workload;

/**
 * The products every contender is set up with before a run, so that all of them start from the same stock.
 * <p>
 * Products are numbered {@code 0..productCount()-1}; product {@code p} has the SKU {@link #sku(int)}.
 * A physical product starts with {@link #initialStock()} units; a consumer (virtual) product starts with none and
 * shares the stock of its {@link #source(int)}, which is always a physical product (no chains).
 */
public final class Catalogue
{
    private final int[] sources;
    private final long initialStock;

    /**
     * @param sources      per product, the source product index, or -1 for a physical product.
     * @param initialStock units each physical product starts with.
     */
    public Catalogue(final int[] sources, final long initialStock)
    {
        for (int p = 0; p < sources.length; p++)
        {
            final int s = sources[p];
            if (s >= 0 && (s >= sources.length || sources[s] >= 0 || s == p))
            {
                throw new IllegalArgumentException("product " + p + " has source " + s +
                    ", which must be another physical product");
            }
        }
        this.sources = sources.clone();
        this.initialStock = initialStock;
    }

    /**
     * @return how many products, physical and virtual.
     */
    public int productCount()
    {
        return sources.length;
    }

    /**
     * @param product index.
     * @return the source's index for a consumer (virtual) product, -1 for a physical one.
     */
    public int source(final int product)
    {
        return sources[product];
    }

    /**
     * @param product index.
     * @return the product that holds the stock for an order on {@code product}: its source, or itself.
     */
    public int holder(final int product)
    {
        final int s = sources[product];
        return s >= 0 ? s : product;
    }

    /**
     * @return units each physical product starts with.
     */
    public long initialStock()
    {
        return initialStock;
    }

    /**
     * @param product index.
     * @return the SKU, {@code P} followed by the index zero-padded to 7 digits.
     */
    public static String sku(final int product)
    {
        final String digits = Integer.toString(product);
        return "P" + "0000000".substring(Math.min(7, digits.length())) + digits;
    }
}
