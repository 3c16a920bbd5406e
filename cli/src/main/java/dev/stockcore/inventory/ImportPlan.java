package dev.stockcore.inventory;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.Result;
import dev.stockcore.engine.StockEngine;
import dev.stockcore.journal.JournaledEngine;
import dev.stockcore.journal.Recovery;
import dev.stockcore.journal.catalogue.AsciiSequence;
import dev.stockcore.journal.catalogue.NameLogDescriptor;
import dev.stockcore.journal.catalogue.NameLogWriter;
import dev.stockcore.journal.catalogue.ProductCatalogue;
import dev.stockcore.journal.catalogue.TextArena;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/**
 * An inventory file read and checked against an engine's state by {@link InventoryReader}: its rows, which of
 * them are bad and why, and {@link #apply} for the good ones. Rows are kept in columns (one array per field),
 * not one object per row, and each row's SKU and name as one {@link TextArena} entry,
 * <pre>
 *  +----------------+--------------------------+----------------------------------+
 *  | SKU length n   |  SKU, n ASCII bytes      |  name, UTF-8 (the rest)          |
 *  +----------------+--------------------------+----------------------------------+
 * </pre>
 * so that a million-row file is a few arrays for the garbage collector, not millions of objects.
 * <p>
 * A file that cannot be read as an inventory file at all (empty, wrong header, not UTF-8, broken quoting)
 * has a {@link #fileProblem()} and no rows.
 */
public final class ImportPlan
{
    /** How many lines of rows whose cost price is not used are kept for the warning. */
    public static final int COST_IGNORED_LINES_KEPT = 10;
    private static final int PROGRESS_EVERY_ROWS = 1 << 16;

    /**
     * Why a row is bad.
     *
     * @param column the column at fault, or null for the row as a whole (its field count).
     * @param reason what is wrong, with the value, and what to do.
     */
    public record Problem(String column, String reason)
    {
        /**
         * @param line the row's line.
         * @return {@code line 7, quantity: REASON}, or {@code line 7: REASON} for the row as a whole.
         */
        public String describe(final long line)
        {
            return column == null ? "line " + line + ": " + reason : "line " + line + ", " + column + ": " + reason;
        }
    }

    /**
     * A bad row: where it is, its fields (as read, or as understood when it was found bad only later) and
     * every problem found in it.
     *
     * @param line     the line the row starts on (a quoted name may span lines).
     * @param fields   its fields, for the reject file.
     * @param problems what is wrong, at least one.
     */
    public record BadRow(long line, List<String> fields, List<Problem> problems)
    {
        /** @return every problem, described with the line, separated by " | ". */
        public String reasons()
        {
            final StringBuilder out = new StringBuilder();
            for (final Problem problem : problems)
            {
                if (out.length() > 0)
                {
                    out.append(" | ");
                }
                out.append(problem.describe(line));
            }
            return out.toString();
        }
    }

    /**
     * What applying did.
     *
     * @param added     products registered.
     * @param counted   products whose physical stock a count changed.
     * @param unchanged rows of products whose quantity was already the one in the file.
     * @param consumers rows of consumers (virtual products), never counted.
     * @param names     names set (different from the name the product had).
     * @param movements movements journaled.
     */
    public record Applied(long added, long counted, long unchanged, long consumers, long names, long movements)
    {
    }

    private String fileProblem;
    private int rows;
    private long[] lines = new long[1024];
    private long[] texts = new long[1024];
    private long[] quantities = new long[1024];
    private long[] costs = new long[1024];
    private int[] products = new int[1024];
    private final BitSet bad = new BitSet();
    private final TreeMap<Long, BadRow> badRows = new TreeMap<>();
    private long costIgnored;
    private final List<Long> costIgnoredLines = new ArrayList<>();
    private final TextArena arena = new TextArena();
    private final byte[] scratch = new byte[1 + EngineLimits.MAX_SKU_LENGTH + NameLogDescriptor.MAX_NAME_BYTES];
    private final AsciiSequence skuView = new AsciiSequence();

    ImportPlan()
    {
    }

    /** @return why the whole file was refused, or null if it was read. */
    public String fileProblem()
    {
        return fileProblem;
    }

    /** @return the data rows read (good and bad; a file refused as a whole has none). */
    public long rowCount()
    {
        return rows + badRowsOutsideColumns();
    }

    /** @return the rows that {@link #apply} would apply. */
    public long goodRowCount()
    {
        return rows - bad.cardinality();
    }

    /** @return the bad rows, by line. */
    public Collection<BadRow> badRows()
    {
        return Collections.unmodifiableCollection(badRows.values());
    }

    /**
     * @return good rows whose cost price cannot be used, though it differs from the current cost: the quantity
     * does not go up (a cost prices the pieces added), or the row is a consumer's.
     */
    public long costIgnored()
    {
        return costIgnored;
    }

    /** @return the lines of the first {@value #COST_IGNORED_LINES_KEPT} of those rows. */
    public List<Long> costIgnoredLines()
    {
        return Collections.unmodifiableList(costIgnoredLines);
    }

    /**
     * Applies every good row, in file order: registers unknown items, counts the others whose quantity
     * differs (a count equal to the stock moves nothing, so importing an export changes nothing), leaves
     * consumers' stock alone, and appends the names that changed. Then commits the journal and forces the
     * names to disk, so that what this returns is durable.
     *
     * @param journaled the journaled engine the plan was checked against, unchanged since.
     * @param catalogue the names loaded from the same journal.
     * @param nameLog   where names are appended.
     * @param progress  told every 65,536 rows (rows done, rows in all, rows done, nanoseconds).
     * @return what was applied.
     * @throws IllegalStateException if the file was refused as a whole, or a row the check passed is refused
     *                               by the engine (the state changed since the check: a defect).
     */
    public Applied apply(final JournaledEngine journaled, final ProductCatalogue catalogue, final NameLogWriter nameLog,
        final Recovery.Progress progress)
    {
        if (fileProblem != null)
        {
            throw new IllegalStateException("the file was refused as a whole: " + fileProblem);
        }
        final StockEngine engine = journaled.engine();
        final long start = System.nanoTime();
        final long sequenceBefore = engine.sequence();
        long added = 0;
        long counted = 0;
        long unchanged = 0;
        long consumers = 0;
        long namesSet = 0;
        for (int row = 0; row < rows; row++)
        {
            if (bad.get(row))
            {
                continue;
            }
            final CharSequence sku = sku(row);
            int product = products[row];
            if (product < 0)
            {
                require(engine.addProduct(sku), row);
                product = engine.productCount() - 1;
                added++;
            }
            final int source = engine.source(product);
            final byte[] page = arena.page(texts[row]);
            final int nameStart = arena.start(texts[row]) + 1 + sku.length();
            int nameLength = arena.length(texts[row]) - 1 - sku.length();
            if (source >= 0)
            {
                consumers++;
                nameLength = InventoryFormat.withoutConsumerNote(page, nameStart, nameLength, engine.sku(source));
            }
            else if (quantities[row] != engine.physical(product))
            {
                require(engine.count(product, quantities[row], costs[row]), row);
                counted++;
            }
            else
            {
                unchanged++;
            }
            if (nameLength > 0 && !catalogue.hasName(product, page, nameStart, nameLength))
            {
                nameLog.append(sku, page, nameStart, nameLength);
                namesSet++;
            }
            if ((row & (PROGRESS_EVERY_ROWS - 1)) == PROGRESS_EVERY_ROWS - 1)
            {
                progress.onProgress(row + 1, rows, row + 1, System.nanoTime() - start);
            }
        }
        journaled.commit();
        nameLog.force();
        return new Applied(added, counted, unchanged, consumers, namesSet, engine.sequence() - sequenceBefore);
    }

    void refuse(final String problem)
    {
        fileProblem = problem;
        rows = 0;
        bad.clear();
        badRows.clear();
    }

    /**
     * Adds a row whose four fields were read; its numbers are negative codes where they did not parse, its SKU
     * is kept only if valid (checked once by the caller), its name only if not too long.
     *
     * @return the row's number in the columns.
     */
    int addRow(final long line, final String sku, final boolean validSku, final String name, final long quantity,
        final long cost, final int product)
    {
        if (rows == lines.length)
        {
            final int capacity = rows * 2;
            lines = Arrays.copyOf(lines, capacity);
            texts = Arrays.copyOf(texts, capacity);
            quantities = Arrays.copyOf(quantities, capacity);
            costs = Arrays.copyOf(costs, capacity);
            products = Arrays.copyOf(products, capacity);
        }
        // An invalid SKU or a name too long makes the row bad: it is kept empty here, and whole in its BadRow.
        int length = 1;
        if (validSku)
        {
            scratch[0] = (byte)sku.length();
            for (int i = 0; i < sku.length(); i++)
            {
                scratch[length++] = (byte)sku.charAt(i);
            }
        }
        else
        {
            scratch[0] = 0;
        }
        if (name.length() <= NameLogDescriptor.MAX_NAME_LENGTH)
        {
            final byte[] encoded = name.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(encoded, 0, scratch, length, encoded.length);
            length += encoded.length;
        }
        lines[rows] = line;
        texts[rows] = arena.append(scratch, 0, length);
        quantities[rows] = quantity;
        costs[rows] = cost;
        products[rows] = product;
        return rows++;
    }

    /**
     * Marks a row of the columns bad.
     *
     * @param row    the row.
     * @param fields its fields as read, or null to describe it from the columns.
     */
    void reject(final int row, final List<String> fields, final Problem problem)
    {
        bad.set(row);
        final BadRow existing = badRows.get(lines[row]);
        if (existing != null)
        {
            existing.problems().add(problem);
            return;
        }
        final List<Problem> problems = new ArrayList<>(2);
        problems.add(problem);
        badRows.put(lines[row], new BadRow(lines[row], fields != null ? fields : fieldsOf(row), problems));
    }

    /** Records a row that has no place in the columns (not four fields). */
    void rejectUnread(final long line, final List<String> fields, final Problem problem)
    {
        final List<Problem> problems = new ArrayList<>(1);
        problems.add(problem);
        badRows.put(line, new BadRow(line, fields, problems));
    }

    boolean isBad(final int row)
    {
        return bad.get(row);
    }

    void costIgnored(final int row)
    {
        if (costIgnoredLines.size() < COST_IGNORED_LINES_KEPT)
        {
            costIgnoredLines.add(lines[row]);
        }
        costIgnored++;
    }

    int rows()
    {
        return rows;
    }

    long line(final int row)
    {
        return lines[row];
    }

    /** @return the row's SKU, a view valid until the next call (empty if the SKU was not valid). */
    CharSequence sku(final int row)
    {
        final long text = texts[row];
        return skuView.wrap(arena.page(text), arena.start(text) + 1, arena.page(text)[arena.start(text)]);
    }

    /** @return the row's name (empty if it has none or it was too long). */
    String name(final int row)
    {
        final long text = texts[row];
        final int skuLength = arena.page(text)[arena.start(text)];
        return arena.string(text, 1 + skuLength, arena.length(text) - 1 - skuLength);
    }

    long quantity(final int row)
    {
        return quantities[row];
    }

    long cost(final int row)
    {
        return costs[row];
    }

    int product(final int row)
    {
        return products[row];
    }

    private long badRowsOutsideColumns()
    {
        return badRows.size() - bad.cardinality();
    }

    private List<String> fieldsOf(final int row)
    {
        return List.of(sku(row).toString(), name(row), quantities[row] >= 0 ? Long.toString(quantities[row]) : "",
            costs[row] >= 0 ? InventoryNumbers.formatCost(costs[row]) : "");
    }

    private void require(final Result result, final int row)
    {
        if (result != Result.OK)
        {
            throw new IllegalStateException("line " + lines[row] + ": the engine refused " + sku(row) + " with " +
                result + " after the check passed it; the state changed since the check");
        }
    }
}
