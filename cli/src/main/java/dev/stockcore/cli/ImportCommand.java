package dev.stockcore.cli;

import dev.stockcore.engine.StockEngine;
import dev.stockcore.journal.Durability;
import dev.stockcore.journal.JournaledEngine;
import dev.stockcore.journal.catalogue.NameLogWriter;
import dev.stockcore.journal.catalogue.ProductCatalogue;
import dev.stockcore.inventory.ImportPlan;
import dev.stockcore.inventory.InventoryFormat;
import dev.stockcore.inventory.InventoryReader;
import dev.stockcore.inventory.RejectFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code stockcore import --journal DIR FILE.csv [--skip-bad-rows] [--reject-file F]}: loads an inventory file
 * ({@link InventoryFormat}) into the journal: registers unknown items, counts the others, sets names.
 * <p>
 * All or nothing: every row is checked against the recovered state first, and one bad row stops the import
 * before anything is applied, unless {@code --skip-bad-rows} is given. Rows are applied as counts, which are
 * absolute, and a row equal to the stock moves nothing, so importing the same file again (after a crash in the
 * middle, or an export) changes nothing more.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    header = "Load counts, cost prices and names from an inventory file (CSV).",
    description = {
        "Reads the accounting system's inventory file (" + InventoryFormat.HEADER_LINE + ") and applies it to " +
            "the journal: an unknown item number is registered as a product; a known one is counted (its " +
            "physical stock set to the quantity); a name sets the product's name. Prints a summary line.",
        "",
        "Every row is checked before anything is applied, and each bad row is reported on stderr with its line, " +
            "column and reason: wrong header or field count, not a number, negative, more than 4 decimals, an " +
            "invalid item number, an item on two rows, a quantity below what open orders reserve, a virtual " +
            "product's row that would count its stock, the engine's limits. One bad row and nothing is applied " +
            "(exit 1), unless --skip-bad-rows: then the good rows are applied and the bad ones written to a " +
            "reject file (the same columns plus 'reason').",
        "",
        "A row whose quantity is the current stock moves nothing, so importing an export, or the same file " +
            "twice, changes nothing; after a crash during an import, run it again. Movements and names are on " +
            "disk when the summary is printed. DIR is created if missing. It takes the writer lock, so it is " +
            "refused while a writer is running.",
        "" },
    footerHeading = "%nFile format (docs/operations.md, section 'Inventory file: import and export', has it all):%n",
    footer = {
        "  " + InventoryFormat.HEADER_LINE + "   the header, exactly; a BOM and CRLF line ends are accepted",
        "  OIL-1L,\"Olive oil, 1 l\",120,4.25   quantity: the absolute count, whole, 0 or more",
        "  OIL-2L,,40,                        an empty name keeps the name, an empty cost_price the cost",
        "A cost price prices the pieces a count adds (moving average); it changes nothing when the quantity " +
            "does not go up. A virtual product (one that sells a source's stock) is exported with its source's " +
            "quantity and cost and '[shares stock of SOURCE]' after its name; its row is never counted: its " +
            "quantity must be the source's, the note is taken off the name.",
        "",
        "Examples:",
        "  stockcore import --journal /var/lib/stockcore stock.csv",
        "  stockcore import --journal /var/lib/stockcore stock.csv --skip-bad-rows --reject-file bad.csv",
        "  stockcore export --journal /var/lib/stockcore stock.csv     # edit quantities, then:",
        "  stockcore import --journal /var/lib/stockcore stock.csv     # only the edited rows move stock" },
    exitCodeListHeading = ExitStatus.HEADING,
    exitCodeList = {
        "0:every row applied (or the file has no rows)",
        "1:bad rows or a malformed file, reported on stderr: nothing applied; with --skip-bad-rows the good " +
            "rows were applied and the bad ones written to the reject file",
        ExitStatus.ERROR_TEXT })
final class ImportCommand implements Callable<Integer>
{
    @ParentCommand
    private StockcoreCli cli;

    @Spec
    private CommandSpec spec;

    @Mixin
    private JournalOption journal;

    @Option(
        names = "--skip-bad-rows",
        description = "apply the good rows even if some are bad, and write the bad ones to the reject file")
    private boolean skipBadRows;

    @Option(
        names = "--reject-file",
        paramLabel = "FILE",
        description = "with --skip-bad-rows, where the bad rows go (default: FILE.rejects.csv beside the file " +
            "imported); replaced if it exists")
    private Path rejectFile;

    @Parameters(paramLabel = "FILE.csv", description = "the inventory file: " + InventoryFormat.HEADER_LINE)
    private Path file;

    @Override
    public Integer call()
    {
        if (rejectFile != null && !skipBadRows)
        {
            throw new ParameterException(spec.commandLine(), "--reject-file needs --skip-bad-rows (without it, a bad " +
                "row stops the import and nothing is rejected)");
        }
        final PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file))
        {
            err.println(spec.qualifiedName() + ": no such file: " + file + (Files.isDirectory(file) ?
                " (it is a directory)" : "") + "; give the path of the inventory CSV file");
            return ExitStatus.ERROR;
        }
        JournalDirectory.requireNewOrJournal(journal.dir);
        if (!Files.exists(journal.dir))
        {
            // A new journal's state is empty: check the file against an empty engine first, so that an import
            // that applies nothing leaves no journal directory behind.
            final ImportPlan preview = read(new JournaledEngine.Context().newEngine());
            if (stopsBeforeApplying(preview))
            {
                return refusal(preview, err);
            }
        }
        final JournaledEngine journaled = open();
        boolean clean = false;
        try
        {
            final int status = run(journaled, err);
            clean = true;
            return status;
        }
        catch (final RuntimeException | Error ex)
        {
            // Any Error counts: a fault writing the mapped journal file (disk full) surfaces as an InternalError,
            // possibly a few statements after the write, wherever the thread next polls.
            if (!(ex instanceof Error) && !journaled.engine().isFailed() && !journaled.isFailed())
            {
                throw ex;
            }
            journaled.markFailed(ex);
            err.println(spec.qualifiedName() + ": the journal refused a movement batch (" + ex + "); the rows " +
                "before it may be applied, the others are not; fix the cause (disk space, permissions) and import " +
                "the same file again: rows already applied change nothing the second time");
            return ExitStatus.ERROR;
        }
        finally
        {
            // Only an import that ended cleanly may snapshot: after any failure the state may be ahead of the journal.
            if (clean)
            {
                journaled.close();
            }
            else
            {
                journaled.closeWithoutSnapshot();
            }
        }
    }

    private JournaledEngine open()
    {
        final TerminalProgress progress = cli.progress("recover " + journal.dir);
        try
        {
            // SYNC: the import commits once at the end, so one msync makes the whole import durable.
            return JournaledEngine.open(new JournaledEngine.Context()
                .journalDir(journal.dir)
                .durability(Durability.SYNC)
                .progress(progress));
        }
        finally
        {
            progress.finish();
        }
    }

    private int run(final JournaledEngine journaled, final PrintWriter err)
    {
        final long start = System.nanoTime();
        final List<String> warnings = new ArrayList<>(journaled.recovery().warnings());
        final ProductCatalogue catalogue = ProductCatalogue.load(journal.dir, journaled.engine(), warnings);
        StockcoreCli.warn(spec, warnings);
        final ImportPlan plan = read(journaled.engine());
        final String name = spec.qualifiedName();
        final Integer refused = refusal(plan, err);
        if (refused != null)
        {
            return refused;
        }
        final long bad = plan.badRows().size();
        final Path rejects = rejectFile != null ? rejectFile : RejectFile.defaultFor(file);
        if (bad > 0)
        {
            RejectFile.write(rejects, plan.badRows());
        }
        warnCostIgnored(plan, err);
        final ImportPlan.Applied applied;
        try (NameLogWriter names = NameLogWriter.open(journaled, catalogue.validLength()))
        {
            if (names.truncatedBytes() > 0)
            {
                err.println(name + ": warning: cut off the last " + names.truncatedBytes() + " bytes of " +
                    names.file() + ", a torn record left by a crash");
            }
            final TerminalProgress progress = cli.progress("import: apply", "rows");
            try
            {
                applied = plan.apply(journaled, catalogue, names, progress);
            }
            finally
            {
                progress.finish();
            }
        }
        spec.commandLine().getOut().println(String.format(Locale.ROOT, "imported %s: rows=%d applied=%d " +
                "rejected=%d added=%d counted=%d unchanged=%d consumers=%d names=%d movements=%d time_ms=%.1f",
            file, plan.rowCount(), plan.goodRowCount(), bad, applied.added(), applied.counted(), applied.unchanged(),
            applied.consumers(), applied.names(), applied.movements(), (System.nanoTime() - start) / 1e6));
        if (bad > 0)
        {
            err.println(String.format(Locale.ROOT, "%s: %,d bad row(s) skipped and written to %s; fix them there " +
                "and import that file (its reason column is not read)", name, bad, rejects));
            return ExitStatus.CHECK_FAILED;
        }
        return ExitStatus.OK;
    }

    /**
     * Reports the plan's problems on stderr and says whether the import stops before applying anything.
     *
     * @return the exit status if nothing is to be applied, or null to go on (the bad rows, if any, reported).
     */
    private Integer refusal(final ImportPlan plan, final PrintWriter err)
    {
        final String name = spec.qualifiedName();
        if (plan.fileProblem() != null)
        {
            err.println(name + ": " + plan.fileProblem() + "; nothing imported");
            return ExitStatus.CHECK_FAILED;
        }
        if (plan.rowCount() == 0)
        {
            err.println(name + ": " + file + " has the header and no rows: nothing to import");
            return ExitStatus.OK;
        }
        final long bad = plan.badRows().size();
        if (bad > 0 && !skipBadRows)
        {
            reportBadRows(plan, err);
            err.println(String.format(Locale.ROOT, "%s: %,d bad row(s) of %,d in %s: nothing imported; fix them " +
                "and import again, or pass --skip-bad-rows to import the other %,d row(s) and write the bad ones " +
                "to %s", name, bad, plan.rowCount(), file, plan.goodRowCount(),
                rejectFile != null ? rejectFile : RejectFile.defaultFor(file)));
            return ExitStatus.CHECK_FAILED;
        }
        if (bad > 0)
        {
            reportBadRows(plan, err);
        }
        return null;
    }

    /**
     * @return whether {@link #refusal} stops the import before anything is applied.
     */
    private boolean stopsBeforeApplying(final ImportPlan plan)
    {
        return plan.fileProblem() != null || plan.rowCount() == 0 || (!plan.badRows().isEmpty() && !skipBadRows);
    }

    private void reportBadRows(final ImportPlan plan, final PrintWriter err)
    {
        for (final ImportPlan.BadRow row : plan.badRows())
        {
            for (final ImportPlan.Problem problem : row.problems())
            {
                err.println(spec.qualifiedName() + ": " + problem.describe(row.line()));
            }
        }
    }

    private ImportPlan read(final StockEngine engine)
    {
        final TerminalProgress progress = cli.progress("import: read " + file.getFileName(), "rows");
        try
        {
            return InventoryReader.read(file, engine, progress);
        }
        finally
        {
            progress.finish();
        }
    }

    private void warnCostIgnored(final ImportPlan plan, final PrintWriter err)
    {
        if (plan.costIgnored() == 0)
        {
            return;
        }
        final StringBuilder lines = new StringBuilder();
        for (final long line : plan.costIgnoredLines())
        {
            lines.append(lines.length() == 0 ? "" : ", ").append(line);
        }
        err.println(String.format(Locale.ROOT, "%s: warning: the cost_price of %,d row(s) is not used (line%s %s%s): " +
                "a cost prices the pieces a count adds, and these rows add none (the quantity does not go up, or " +
                "the product is virtual); the average cost stays as it is", spec.qualifiedName(), plan.costIgnored(),
            plan.costIgnored() == 1 ? "" : "s", lines, plan.costIgnored() > plan.costIgnoredLines().size() ? "..." : ""));
    }
}
