package dev.stockcore.journal.catalogue;

import dev.stockcore.engine.StockEngine;
import dev.stockcore.journal.JournalException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The names of an engine's products, indexed by product index like the engine, loaded from the journal
 * directory's names log ({@link NameLogReader}) into a {@link TextArena} (a million names are a few arrays,
 * not a million objects). Names of SKUs the engine does not have are dropped: the engine's state is what a
 * name describes. Read-only; an import appends new names with a {@link NameLogWriter}.
 */
public final class ProductCatalogue
{
    private static final long NONE = -1;

    private final long[] names;
    private final TextArena arena;
    private final NameLogReader.Scan log;

    private ProductCatalogue(final long[] names, final TextArena arena, final NameLogReader.Scan log)
    {
        this.names = names;
        this.arena = arena;
        this.log = log;
    }

    /**
     * Loads the names of the products of an engine.
     *
     * @param journalDir the journal directory.
     * @param engine     the engine recovered from that journal.
     * @param warnings   a torn tail of the names log is reported here.
     * @return the catalogue.
     * @throws JournalException if the names log cannot be read or is not one.
     */
    public static ProductCatalogue load(final Path journalDir, final StockEngine engine, final List<String> warnings)
    {
        final long[] names = new long[engine.productCount()];
        Arrays.fill(names, NONE);
        final TextArena arena = new TextArena();
        final ProductLookup products = new ProductLookup(engine);
        final NameLogReader.Scan log = NameLogReader.read(journalDir, (sku, name, offset, length) ->
        {
            final int product = products.productIndex(sku);
            if (product >= 0 && product < names.length)
            {
                names[product] = length == 0 ? NONE : arena.append(name, offset, length);
            }
        }, warnings);
        return new ProductCatalogue(names, arena, log);
    }

    /**
     * @param product product index.
     * @return its name, or null if it has none (or was registered after this catalogue was loaded).
     */
    public String name(final int product)
    {
        final long address = address(product);
        return address == NONE ? null : arena.string(address, 0, arena.length(address));
    }

    /**
     * Whether a product's name is the given one, without decoding it.
     *
     * @param product product index.
     * @param utf8    holds the other name's UTF-8 bytes.
     * @param offset  where they start.
     * @param length  how many there are (0: no name).
     * @return true if the same.
     */
    public boolean hasName(final int product, final byte[] utf8, final int offset, final int length)
    {
        final long address = address(product);
        return address == NONE ? length == 0 : arena.equals(address, 0, arena.length(address), utf8, offset, length);
    }

    /** @return where the names log's last checked record ends: what {@link NameLogWriter#open} needs. */
    public long validLength()
    {
        return log.validLength();
    }

    /** @return the number of records read from the names log, every one counted (a SKU may have several). */
    public long recordsRead()
    {
        return log.records();
    }

    private long address(final int product)
    {
        return product >= 0 && product < names.length ? names[product] : NONE;
    }
}
