package dev.stockcore.cli;

import dev.stockcore.journal.Journal;
import dev.stockcore.journal.Recovery;
import dev.stockcore.journal.catalogue.ProductCatalogue;
import dev.stockcore.inventory.InventoryExporter;
import dev.stockcore.inventory.InventoryFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code stockcore export --journal DIR FILE.csv|-}: writes every product as an inventory file
 * ({@link InventoryFormat}), read-only and lock-free. A file is written beside its final name and renamed
 * into place, so it is never seen half written.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    header = "Write the current stock as an inventory file (CSV); read-only.",
    description = {
        "Recovers the state and writes every product, in the order they were registered, as the accounting " +
            "system's inventory file (" + InventoryFormat.HEADER_LINE + "): the physical quantity and the " +
            "average cost price (4 decimals) of each product, and its name.",
        "",
        "A virtual product (one that sells a source's stock) is written with its source's quantity and average " +
            "cost, what the shop shows for it, and '[shares stock of SOURCE]' after its name; importing the row " +
            "back never counts it. Importing the file as it is changes nothing.",
        "",
        "FILE '-' writes to stdout; otherwise the file is replaced (written to a temporary file beside it, then " +
            "renamed) and a summary line is printed. It does not modify the journal and takes no lock: it runs " +
            "safely while a writer is running.",
        "" },
    footerHeading = "%nExamples:%n",
    footer = {
        "  stockcore export --journal /var/lib/stockcore stock.csv",
        "  stockcore export --journal /var/lib/stockcore - | grep -c shares   # how many virtual products" },
    exitCodeListHeading = ExitStatus.HEADING,
    exitCodeList = { ExitStatus.OK_TEXT, ExitStatus.ERROR_TEXT })
final class ExportCommand implements Callable<Integer>
{
    @ParentCommand
    private StockcoreCli cli;

    @Spec
    private CommandSpec spec;

    @Mixin
    private JournalOption journal;

    @Parameters(paramLabel = "FILE.csv|-", description = "the file to write, or - for standard output")
    private String file;

    @Override
    public Integer call()
    {
        JournalDirectory.requireJournal(journal.dir);
        try (Journal opened = Journal.openForReading(journal.dir))
        {
            final Recovery.Outcome recovery = cli.recover(opened, spec);
            final List<String> warnings = new ArrayList<>();
            final ProductCatalogue catalogue = ProductCatalogue.load(journal.dir, recovery.engine(), warnings);
            StockcoreCli.warn(spec, warnings);
            if ("-".equals(file))
            {
                final PrintWriter out = spec.commandLine().getOut();
                write(recovery, catalogue, out);
                out.flush();
                return ExitStatus.OK;
            }
            final Path target = Path.of(file);
            final InventoryExporter.Exported exported = writeFile(recovery, catalogue, target);
            spec.commandLine().getOut().println(String.format(Locale.ROOT, "exported %s: products=%d consumers=%d",
                target, exported.products(), exported.consumers()));
            return ExitStatus.OK;
        }
    }

    private InventoryExporter.Exported writeFile(final Recovery.Outcome recovery, final ProductCatalogue catalogue,
        final Path target)
    {
        final Path temp = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try
        {
            final InventoryExporter.Exported exported;
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8))
            {
                exported = write(recovery, catalogue, out);
            }
            try
            {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return exported;
        }
        catch (final IOException ex)
        {
            try
            {
                Files.deleteIfExists(temp);
            }
            catch (final IOException ignore)
            {
                // The temporary file's name says what it is; the failure below is what matters.
            }
            throw new UncheckedIOException("cannot write " + target + ": " + ex + "; check the directory exists, " +
                "is writable and has free space", ex);
        }
    }

    private InventoryExporter.Exported write(final Recovery.Outcome recovery, final ProductCatalogue catalogue,
        final Writer out)
    {
        final TerminalProgress progress = cli.progress("export", "rows");
        try
        {
            return InventoryExporter.write(recovery.engine(), catalogue, out, progress);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the export: " + ex, ex);
        }
        finally
        {
            progress.finish();
        }
    }
}
