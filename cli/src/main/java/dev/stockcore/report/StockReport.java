package dev.stockcore.report;

import dev.stockcore.engine.StockEngine;
import dev.stockcore.journal.catalogue.ProductCatalogue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The stock of the products an operator asked for, one row each in product index order, and the totals
 * over those rows. Per product:
 * <ul>
 *   <li>{@code physical}: its own physical stock (0 for a consumer);</li>
 *   <li>{@code reserved}: open quantity held against its own stock, including orders taken through its
 *       consumers;</li>
 *   <li>{@code ordered}: open quantity ordered as this SKU, wherever it is held (a consumer's orders);</li>
 *   <li>{@code available}: what can still be reserved through it (a consumer shows its source's);</li>
 *   <li>{@code avg_cost}: the moving average unit cost of the stock it sells (a consumer shows its
 *       source's);</li>
 *   <li>{@code value}: physical times average cost, the value of the stock it holds (0 for a consumer, so
 *       that no stock is valued twice);</li>
 *   <li>{@code source}: for a consumer, the SKU whose stock it sells; {@code consumers}: for a source, the
 *       SKUs selling its stock.</li>
 * </ul>
 * Totals are the sums of the rows' {@code physical}, {@code reserved}, {@code ordered} and {@code value}; the
 * total {@code available} counts each stock once, summing the availability of the distinct products holding
 * the rows' stock (a source and its consumers share one).
 */
public final class StockReport
{
    private final StockEngine engine;
    private final ProductCatalogue catalogue;
    private final int[] rows;
    private final int[] consumerStart;
    private final int[] consumers;
    private final Totals totals;

    /**
     * The totals over a report's rows.
     *
     * @param products     rows.
     * @param physical     sum of physical stock.
     * @param reservedHeld sum of the open quantity held against the rows' own stock.
     * @param ordered      sum of open quantity ordered.
     * @param available    sum of the availability of the distinct products holding the rows' stock.
     * @param value        sum of stock values.
     */
    public record Totals(long products, long physical, long reservedHeld, long ordered, long available,
        BigDecimal value)
    {
    }

    private StockReport(final StockEngine engine, final ProductCatalogue catalogue, final int[] rows)
    {
        this.engine = engine;
        this.catalogue = catalogue;
        this.rows = rows;
        final int products = engine.productCount();
        consumerStart = new int[products + 1];
        for (int p = 0; p < products; p++)
        {
            final int source = engine.source(p);
            if (source >= 0)
            {
                consumerStart[source + 1]++;
            }
        }
        for (int p = 0; p < products; p++)
        {
            consumerStart[p + 1] += consumerStart[p];
        }
        consumers = new int[consumerStart[products]];
        final int[] filled = new int[products];
        for (int p = 0; p < products; p++)
        {
            final int source = engine.source(p);
            if (source >= 0)
            {
                consumers[consumerStart[source] + filled[source]++] = p;
            }
        }
        totals = sum();
    }

    /**
     * The report over an engine's products.
     *
     * @param engine    the state.
     * @param catalogue the names.
     * @param sku       only this product, or null for all.
     * @param low       only products with at most this much available, or -1 for all.
     * @return the report (no rows if the SKU is not registered).
     */
    public static StockReport of(final StockEngine engine, final ProductCatalogue catalogue, final String sku,
        final long low)
    {
        final int products = engine.productCount();
        final int only = sku != null ? engine.productIndex(sku) : -1;
        int[] rows = new int[sku != null ? 1 : Math.max(1, products)];
        int count = 0;
        for (int p = sku != null ? only : 0; p >= 0 && p < products; p++)
        {
            if (low < 0 || engine.available(p) <= low)
            {
                rows[count++] = p;
            }
            if (sku != null)
            {
                break;
            }
        }
        if (count < rows.length)
        {
            rows = Arrays.copyOf(rows, count);
        }
        return new StockReport(engine, catalogue, rows);
    }

    /** @return the number of rows. */
    public int size()
    {
        return rows.length;
    }

    /** @return the totals over the rows. */
    public Totals totals()
    {
        return totals;
    }

    /**
     * @param row a row.
     * @return its SKU.
     */
    public String sku(final int row)
    {
        return engine.sku(rows[row]);
    }

    /**
     * @param row a row.
     * @return its name, or the empty string if it has none.
     */
    public String name(final int row)
    {
        final String name = catalogue.name(rows[row]);
        return name == null ? "" : name;
    }

    /**
     * @param row a row.
     * @return its own physical stock.
     */
    public long physical(final int row)
    {
        return engine.physical(rows[row]);
    }

    /**
     * @param row a row.
     * @return open quantity held against its own stock.
     */
    public long reservedHeld(final int row)
    {
        return engine.reservedHeld(rows[row]);
    }

    /**
     * @param row a row.
     * @return open quantity ordered as this SKU.
     */
    public long ordered(final int row)
    {
        return engine.reservedOrdered(rows[row]);
    }

    /**
     * @param row a row.
     * @return what can be reserved through it.
     */
    public long available(final int row)
    {
        return engine.available(rows[row]);
    }

    /**
     * @param row a row.
     * @return average unit cost of the stock it sells, in 1/10000 units.
     */
    public long averageCost(final int row)
    {
        return engine.averageCost(engine.holder(rows[row]));
    }

    /**
     * @param row a row.
     * @return physical times average cost of its own stock, 4 decimals.
     */
    public BigDecimal value(final int row)
    {
        final int product = rows[row];
        return BigDecimal.valueOf(engine.averageCost(product), 4).multiply(BigDecimal.valueOf(engine.physical(product)));
    }

    /**
     * @param row a row.
     * @return the SKU of its source, or null if it holds its own stock.
     */
    public String source(final int row)
    {
        final int source = engine.source(rows[row]);
        return source < 0 ? null : engine.sku(source);
    }

    /**
     * @param row a row.
     * @return the SKUs of its consumers, in product index order (empty if none).
     */
    public List<String> consumers(final int row)
    {
        final int product = rows[row];
        final List<String> skus = new ArrayList<>(consumerStart[product + 1] - consumerStart[product]);
        for (int i = consumerStart[product]; i < consumerStart[product + 1]; i++)
        {
            skus.add(engine.sku(consumers[i]));
        }
        return skus;
    }

    private Totals sum()
    {
        long physical = 0;
        long reservedHeld = 0;
        long ordered = 0;
        long available = 0;
        BigDecimal value = BigDecimal.valueOf(0, 4);
        final BitSet holders = new BitSet();
        for (int row = 0; row < rows.length; row++)
        {
            physical = Math.addExact(physical, physical(row));
            reservedHeld = Math.addExact(reservedHeld, reservedHeld(row));
            ordered = Math.addExact(ordered, ordered(row));
            value = value.add(value(row));
            final int holder = engine.holder(rows[row]);
            if (!holders.get(holder))
            {
                holders.set(holder);
                available += engine.available(holder);
            }
        }
        return new Totals(rows.length, physical, reservedHeld, ordered, available, value);
    }
}
