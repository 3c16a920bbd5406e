package dev.stockcore.cli;

import dev.stockcore.journal.Journal;
import dev.stockcore.journal.Recovery;
import dev.stockcore.journal.catalogue.ProductCatalogue;
import dev.stockcore.report.ReportFormat;
import dev.stockcore.report.StockReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code stockcore report --journal DIR [--sku S] [--low N] [--format table|csv|json]}: the stock of every
 * product, or of those asked for, with totals ({@link StockReport}). Read-only and lock-free, like
 * {@code recover}.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    header = "Report the stock per product, with totals; read-only.",
    description = {
        "Recovers the state and prints one line per product (in the order they were registered), then the " +
            "totals. Filters combine (all must match).",
        "",
        "It does not modify the journal and takes no lock: it runs safely while a writer is running.",
        "" },
    footerHeading = "%nColumns (the same in every format):%n",
    footer = {
        "  sku, name   the product",
        "  physical    its own physical stock (0 for a virtual product)",
        "  reserved    open orders held against its stock, those taken through its consumers included",
        "  ordered     open orders taken as this SKU, wherever held (a virtual product's orders)",
        "  available   what can still be ordered through it (a virtual product shows its source's)",
        "  avg_cost    moving average unit cost of the stock it sells, 4 decimals",
        "  value       physical x avg_cost: the value of the stock it holds (0 for a virtual product)",
        "  source      for a virtual product, the product whose stock it sells",
        "  consumers   for a source, the virtual products selling its stock",
        "Totals (a TOTAL line; in JSON a \"totals\" object) sum physical, reserved, ordered and value over the " +
            "lines; available counts each stock once: a source and its consumers share one. JSON gives costs " +
            "and values as strings, to keep every decimal.",
        "",
        "Examples:",
        "  stockcore report --journal /var/lib/stockcore",
        "  stockcore report --journal /var/lib/stockcore --low 5               # what to reorder",
        "  stockcore report --journal /var/lib/stockcore --sku OIL-1L --format json" },
    exitCodeListHeading = ExitStatus.HEADING,
    exitCodeList = {
        ExitStatus.OK_TEXT,
        "2:usage error (--sku names no product...), or the journal could not be read (the message on stderr " +
            "says what to do)" })
final class ReportCommand implements Callable<Integer>
{
    @ParentCommand
    private StockcoreCli cli;

    @Spec
    private CommandSpec spec;

    @Mixin
    private JournalOption journal;

    @Option(names = "--sku", paramLabel = "S", description = "only the product S (case-sensitive)")
    private String sku;

    @Option(names = "--low", paramLabel = "N", description = "only the products with N or less available")
    private Long low;

    @Option(
        names = "--format",
        paramLabel = "table|csv|json",
        converter = FormatConverter.class,
        description = "output format (default: table)")
    private ReportFormat format = ReportFormat.TABLE;

    @Override
    public Integer call()
    {
        if (low != null && low < 0)
        {
            throw new ParameterException(spec.commandLine(), "--low must be 0 or more (available stock is never " +
                "negative): " + low);
        }
        JournalDirectory.requireJournal(journal.dir);
        try (Journal opened = Journal.openForReading(journal.dir))
        {
            final Recovery.Outcome recovery = cli.recover(opened, spec);
            if (sku != null && recovery.engine().productIndex(sku) < 0)
            {
                spec.commandLine().getErr().println(spec.qualifiedName() + ": no product " + sku + " in " +
                    journal.dir + " (SKUs are case-sensitive); without --sku the report lists them all");
                return ExitStatus.ERROR;
            }
            final List<String> warnings = new ArrayList<>();
            final ProductCatalogue catalogue = ProductCatalogue.load(journal.dir, recovery.engine(), warnings);
            StockcoreCli.warn(spec, warnings);
            final PrintWriter out = spec.commandLine().getOut();
            format.write(StockReport.of(recovery.engine(), catalogue, sku, low == null ? -1 : low), out);
            return ExitStatus.OK;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the report: " + ex, ex);
        }
    }

    /**
     * {@code table}, {@code csv} or {@code json}.
     */
    static final class FormatConverter implements ITypeConverter<ReportFormat>
    {
        @Override
        public ReportFormat convert(final String value)
        {
            final ReportFormat format = ReportFormat.fromOptionName(value);
            if (format == null)
            {
                throw new TypeConversionException("'" + value + "' is not a format: use table, csv or json");
            }
            return format;
        }
    }
}
