package dev.stockcore.inventory;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.StockEngine;
import dev.stockcore.journal.Recovery;
import dev.stockcore.journal.catalogue.NameLogDescriptor;
import dev.stockcore.journal.catalogue.ProductLookup;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.stockcore.inventory.InventoryFormat.*;

/**
 * Reads an inventory file ({@link InventoryFormat}) with FastCSV and checks every row against an engine's
 * state, without changing it, into an {@link ImportPlan}. Every problem of every row is found, not only the
 * first: the field count, each field's syntax and range, the item on another row too, a count below what open
 * orders hold, a consumer's row that would count its stock, and the engine's product limit.
 */
public final class InventoryReader
{
    private static final int PROGRESS_EVERY_ROWS = 1 << 16;
    private static final int SHOWN_VALUE_LENGTH = 40;
    /** Where FastCSV's message says the record it could not read starts. */
    private static final Pattern RECORD_START = Pattern.compile("started in line (\\d+)");

    private final StockEngine engine;
    private final ProductLookup products;
    private final ImportPlan plan = new ImportPlan();
    private final int[] rowOfProduct;
    private final SkuRowMap rowOfNewSku = new SkuRowMap(plan);
    private final List<Integer> consumerRows = new ArrayList<>();
    private final BitSet duplicateReported = new BitSet();
    private long newProducts;
    /** Fields a row has: four, or five in a reject file, whose last column (the reason) is not read. */
    private int columns = HEADER.size();

    private InventoryReader(final StockEngine engine)
    {
        this.engine = engine;
        this.products = new ProductLookup(engine);
        this.rowOfProduct = new int[engine.productCount()];
        Arrays.fill(rowOfProduct, -1);
    }

    /**
     * Reads and checks a file.
     *
     * @param file     the inventory file.
     * @param engine   the state the rows are checked against (not changed).
     * @param progress told every 65,536 rows (bytes read, file size, rows read, nanoseconds).
     * @return the plan; {@link ImportPlan#fileProblem()} says if the file was refused as a whole.
     * @throws UncheckedIOException if the file cannot be read (missing, no permission...).
     */
    public static ImportPlan read(final Path file, final StockEngine engine, final Recovery.Progress progress)
    {
        final InventoryReader reader = new InventoryReader(engine);
        try (CountingInputStream in = new CountingInputStream(Files.newInputStream(file)))
        {
            reader.read(file, in, Files.size(file), progress);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
        return reader.plan;
    }

    private void read(final Path file, final CountingInputStream in, final long size, final Recovery.Progress progress)
    {
        final long start = System.nanoTime();
        // A strict decoder: a file saved in another encoding is refused, not read into garbled names.
        final InputStreamReader decoded = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        long line = 1;
        long records = 0;
        try (CsvReader<CsvRecord> csv = CsvReader.builder().allowExtraFields(true).allowMissingFields(true)
            .ofCsvRecord(decoded))
        {
            boolean header = true;
            for (final CsvRecord record : csv)
            {
                line = record.getStartingLineNumber();
                if (header)
                {
                    header = false;
                    if (isRejectHeader(record.getFields()))
                    {
                        columns = REJECT_HEADER.size();
                        continue;
                    }
                    final String problem = headerProblem(record.getFields());
                    if (problem != null)
                    {
                        plan.refuse(problem);
                        return;
                    }
                    continue;
                }
                row(record);
                if (++records % PROGRESS_EVERY_ROWS == 0)
                {
                    progress.onProgress(in.count(), size, records, System.nanoTime() - start);
                }
            }
            if (header)
            {
                plan.refuse(file + " is empty: an inventory file starts with the header line " + HEADER_LINE);
                return;
            }
        }
        catch (final CsvParseException ex)
        {
            final Matcher started = RECORD_START.matcher(String.valueOf(ex.getMessage()));
            plan.refuse((started.find() ? "line " + started.group(1) : "after line " + line) + ": the CSV is " +
                "malformed (" + (ex.getCause() != null ? ex.getCause().getMessage() : ex.getMessage()) + "); a field " +
                "holding a quote must be quoted as a whole, with the quote doubled: \"Gift box \"\"Tuscany\"\"\"");
            return;
        }
        catch (final UncheckedIOException ex)
        {
            if (ex.getCause() instanceof CharacterCodingException)
            {
                plan.refuse(file + " is not UTF-8 text: bytes after line " + line + " are not UTF-8; save it as " +
                    "UTF-8 (\"CSV UTF-8\" in a spreadsheet) and import it again");
                return;
            }
            throw ex;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
        checkConsumerRows();
    }

    /**
     * A reject file's header: the rows of a reject file, once fixed, import as they are; the reason column,
     * which says what was wrong, is not read.
     */
    private static boolean isRejectHeader(final List<String> read)
    {
        return withoutByteOrderMark(read).equals(REJECT_HEADER);
    }

    private static List<String> withoutByteOrderMark(final List<String> read)
    {
        final List<String> fields = new ArrayList<>(read);
        if (!fields.isEmpty() && fields.get(0).startsWith("\uFEFF"))
        {
            fields.set(0, fields.get(0).substring(1));
        }
        return fields;
    }

    private static String headerProblem(final List<String> read)
    {
        final List<String> fields = withoutByteOrderMark(read);
        if (fields.equals(HEADER))
        {
            return null;
        }
        final StringBuilder problem = new StringBuilder("line 1: the header is not " + HEADER_LINE + " (exactly, " +
            "in this order):");
        for (final String field : fields)
        {
            if (!HEADER.contains(field))
            {
                problem.append(" unknown column ").append(shown(field)).append(';');
            }
        }
        for (final String column : HEADER)
        {
            if (!fields.contains(column))
            {
                problem.append(" missing column ").append(column).append(';');
            }
        }
        if (fields.size() == HEADER.size() && fields.containsAll(HEADER))
        {
            problem.append(" the columns are in another order;");
        }
        else if (fields.size() > HEADER.size() && fields.containsAll(HEADER) &&
            new HashSet<>(fields).size() < fields.size())
        {
            problem.append(" a column appears twice;");
        }
        problem.setLength(problem.length() - 1);
        return problem.append("; make the first line ").append(HEADER_LINE).toString();
    }

    private void row(final CsvRecord record)
    {
        final long line = record.getStartingLineNumber();
        final List<String> read = record.getFields();
        if (read.size() != columns)
        {
            plan.rejectUnread(line, padded(read), new ImportPlan.Problem(null, fieldCountReason(line, read, columns)));
            return;
        }
        final List<String> fields = columns == HEADER.size() ? read : read.subList(0, HEADER.size());
        final String sku = fields.get(ITEM_NO);
        final String name = fields.get(NAME);
        final long quantity = InventoryNumbers.parseQuantity(fields.get(QUANTITY));
        final long parsedCost = InventoryNumbers.parseCost(fields.get(COST_PRICE));
        final long cost = parsedCost == InventoryNumbers.EMPTY ? EngineLimits.NO_COST : parsedCost;
        final boolean validSku = EngineLimits.isValidSku(sku);
        final int product = validSku ? products.productIndex(sku) : -1;
        final int row = plan.addRow(line, sku, validSku, name, quantity, cost, product);
        if (!validSku)
        {
            plan.reject(row, fields, new ImportPlan.Problem(HEADER.get(ITEM_NO), sku.isEmpty() ?
                "empty; every row needs the item number (the SKU)" :
                shown(sku) + " is not a valid item number: 1 to 64 characters of A-Z a-z 0-9 . _ -"));
        }
        if (name.length() > NameLogDescriptor.MAX_NAME_LENGTH)
        {
            plan.reject(row, fields, new ImportPlan.Problem(HEADER.get(NAME), String.format(Locale.ROOT,
                "%,d characters, at most %,d", name.length(), NameLogDescriptor.MAX_NAME_LENGTH)));
        }
        final int control = firstControlCharacter(name);
        if (control >= 0)
        {
            plan.reject(row, fields, new ImportPlan.Problem(HEADER.get(NAME), String.format(Locale.ROOT,
                "control character U+%04X at character %d of the name; a name is printable text (line breaks and " +
                    "tabs allowed): remove it", (int)name.charAt(control), control + 1)));
        }
        final String quantityProblem = quantityProblem(fields.get(QUANTITY), quantity);
        if (quantityProblem != null)
        {
            plan.reject(row, fields, new ImportPlan.Problem(HEADER.get(QUANTITY), quantityProblem));
        }
        final String costProblem = costProblem(fields.get(COST_PRICE), parsedCost);
        if (costProblem != null)
        {
            plan.reject(row, fields, new ImportPlan.Problem(HEADER.get(COST_PRICE), costProblem));
        }
        if (validSku)
        {
            checkAgainstState(row, fields, product, quantityProblem == null, costProblem == null);
        }
    }

    private void checkAgainstState(final int row, final List<String> fields, final int product,
        final boolean quantityRead, final boolean costRead)
    {
        final String sku = fields.get(ITEM_NO);
        final int earlier = product >= 0 ? rowOfProduct[product] : rowOfNewSku.row(sku);
        if (earlier >= 0)
        {
            plan.reject(row, fields, new ImportPlan.Problem(HEADER.get(ITEM_NO), sku + " is also on line " +
                plan.line(earlier) + "; give each item one row"));
            if (!duplicateReported.get(earlier))
            {
                duplicateReported.set(earlier);
                plan.reject(earlier, null, new ImportPlan.Problem(HEADER.get(ITEM_NO), sku + " is also on line " +
                    plan.line(row) + "; give each item one row"));
            }
            return;
        }
        if (product >= 0)
        {
            rowOfProduct[product] = row;
        }
        else
        {
            rowOfNewSku.put(sku, row);
            if (engine.productCount() + ++newProducts > EngineLimits.MAX_PRODUCTS)
            {
                plan.reject(row, fields, new ImportPlan.Problem(HEADER.get(ITEM_NO), String.format(Locale.ROOT,
                    "one new product too many: the engine holds at most %,d products", EngineLimits.MAX_PRODUCTS)));
            }
        }
        if (product >= 0 && engine.source(product) >= 0)
        {
            consumerRows.add(row);
            return;
        }
        final long quantity = plan.quantity(row);
        if (quantityRead && product >= 0 && quantity < engine.reservedHeld(product))
        {
            plan.reject(row, fields, new ImportPlan.Problem(HEADER.get(QUANTITY), String.format(Locale.ROOT,
                "%d is below the %d reserved by open orders on %s; count at least %d, or commit or release those " +
                    "orders first", quantity, engine.reservedHeld(product), sku, engine.reservedHeld(product))));
        }
        final long cost = plan.cost(row);
        if (quantityRead && costRead && cost != EngineLimits.NO_COST &&
            quantity <= (product >= 0 ? engine.physical(product) : 0) &&
            (product < 0 || cost != engine.averageCost(product)))
        {
            plan.costIgnored(row);
        }
    }

    /**
     * A consumer's row must show its source's quantity: as it is now, or as this file counts it. Checked once
     * every row is read, since the source's row may come later.
     */
    private void checkConsumerRows()
    {
        for (final int row : consumerRows)
        {
            if (plan.isBad(row) && plan.quantity(row) < 0)
            {
                continue;
            }
            final int product = plan.product(row);
            final int source = engine.source(product);
            final String sourceSku = engine.sku(source);
            final int sourceRow = source < rowOfProduct.length ? rowOfProduct[source] : -1;
            final boolean sourceCounted = sourceRow >= 0 && !plan.isBad(sourceRow);
            final long now = engine.physical(source);
            final long quantity = plan.quantity(row);
            if (quantity != now && !(sourceCounted && quantity == plan.quantity(sourceRow)))
            {
                plan.reject(row, null, new ImportPlan.Problem(HEADER.get(QUANTITY), String.format(Locale.ROOT,
                    "%s shares the stock of %s (it has none of its own), so its row cannot count it: its quantity " +
                        "must be %s's, %d%s; count %s's row instead", engine.sku(product), sourceSku, sourceSku, now,
                    sourceCounted && plan.quantity(sourceRow) != now ?
                        " (or the " + plan.quantity(sourceRow) + " this file counts for it on line " +
                            plan.line(sourceRow) + ")" : "", sourceSku)));
            }
            else
            {
                final long cost = plan.cost(row);
                if (!plan.isBad(row) && cost != EngineLimits.NO_COST && cost != engine.averageCost(source) &&
                    !(sourceCounted && cost == plan.cost(sourceRow)))
                {
                    plan.costIgnored(row);
                }
            }
        }
    }

    private static String quantityProblem(final String field, final long quantity)
    {
        if (quantity == InventoryNumbers.EMPTY)
        {
            return "empty; give the counted quantity, a whole number 0 or more";
        }
        if (quantity == InventoryNumbers.NEGATIVE)
        {
            return shown(field) + " is negative; a count is 0 or more";
        }
        if (quantity == InventoryNumbers.NOT_WHOLE)
        {
            return shown(field) + " is not a whole number; count whole pieces";
        }
        if (quantity == InventoryNumbers.NOT_A_NUMBER)
        {
            return shown(field) + " is not a number; give a whole number 0 or more, digits only";
        }
        if (quantity == InventoryNumbers.TOO_LARGE || quantity > EngineLimits.MAX_COUNT)
        {
            return String.format(Locale.ROOT, "%s is above the engine's limit for a count, %,d", shown(field),
                EngineLimits.MAX_COUNT);
        }
        return null;
    }

    private static String costProblem(final String field, final long cost)
    {
        if (cost == InventoryNumbers.NEGATIVE)
        {
            return shown(field) + " is negative; a cost price is 0 or more";
        }
        if (cost == InventoryNumbers.TOO_MANY_DECIMALS)
        {
            return shown(field) + " has more than 4 decimals; round it to 4";
        }
        if (cost == InventoryNumbers.NOT_A_NUMBER)
        {
            return shown(field) + " is not a number; give a decimal with a dot (12.5), or nothing to keep the " +
                "current cost";
        }
        if (cost == InventoryNumbers.TOO_LARGE)
        {
            return shown(field) + " is too large; the most is " + InventoryNumbers.formatCost(Long.MAX_VALUE);
        }
        return null;
    }

    /**
     * Control characters (NUL, ESC, DEL, the C1 range...) would be stored and exported raw, and garble whatever
     * shows the name; line breaks and tabs are text a quoted CSV field may hold, and stay allowed.
     *
     * @return the index of the first one in the name, or -1.
     */
    private static int firstControlCharacter(final String name)
    {
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')
            {
                return i;
            }
        }
        return -1;
    }

    private static String fieldCountReason(final long line, final List<String> fields, final int columns)
    {
        int breaks = 0;
        for (final String field : fields)
        {
            for (int i = 0; i < field.length(); i++)
            {
                final char c = field.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 == field.length() || field.charAt(i + 1) != '\n')))
                {
                    breaks++;
                }
            }
        }
        final String reason = fields.size() + " field" + (fields.size() == 1 ? "" : "s") + ", expected " +
            columns + " (" + (columns == HEADER.size() ? HEADER_LINE : String.join(",", REJECT_HEADER)) + ")";
        return breaks == 0 ? reason : reason + String.format(Locale.ROOT, "; the row runs on to line %,d: is a " +
            "quote (\") left open?", line + breaks);
    }

    /** The four fields of a row with too few or too many, for the reject file; extra fields are dropped. */
    private static List<String> padded(final List<String> fields)
    {
        final List<String> four = new ArrayList<>(HEADER.size());
        for (int i = 0; i < HEADER.size(); i++)
        {
            four.add(i < fields.size() ? fields.get(i) : "");
        }
        return four;
    }

    /** A field as a message shows it: quoted, line breaks visible, long values cut. */
    static String shown(final String value)
    {
        final String cut = value.length() > SHOWN_VALUE_LENGTH ? value.substring(0, SHOWN_VALUE_LENGTH) + "..." : value;
        return "'" + cut.replace("\r", "\\r").replace("\n", "\\n") + "'";
    }

    /** Counts the bytes read, for the progress line. */
    private static final class CountingInputStream extends FilterInputStream
    {
        private long count;

        CountingInputStream(final InputStream in)
        {
            super(in);
        }

        long count()
        {
            return count;
        }

        @Override
        public int read() throws IOException
        {
            final int b = super.read();
            if (b >= 0)
            {
                count++;
            }
            return b;
        }

        @Override
        public int read(final byte[] buffer, final int offset, final int length) throws IOException
        {
            final int read = super.read(buffer, offset, length);
            if (read > 0)
            {
                count += read;
            }
            return read;
        }
    }
}
