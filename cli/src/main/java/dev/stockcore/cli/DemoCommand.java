package dev.stockcore.cli;

import dev.stockcore.demo.DemoAudit;
import dev.stockcore.demo.DemoCatalogue;
import dev.stockcore.demo.DemoChild;
import dev.stockcore.demo.DemoLoad;
import dev.stockcore.journal.JournalException;
import dev.stockcore.runtime.StockRuntime;
import org.agrona.collections.LongHashSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code stockcore demo}: the whole story in one command. Sets up a small catalogue with shared stock on a
 * journal, runs a peak-period order load through the runtime in a child JVM with a live progress line, kills
 * that JVM with SIGKILL half way, recovers, checks that nothing acknowledged was lost and nothing oversold,
 * continues the load in this JVM on the recovered journal, and prints a summary table.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "Peak load, a crash, recovery and the checks after it, in one command (about 15 s).",
    description = {
        "Shows what the core promises, on a real journal:",
        "  1. sets up a catalogue with shared stock: A holds the stock and shares it with B and C (virtual),",
        "     plus 40 ordinary products, 5 of them hot sellers with little stock;",
        "  2. starts the engine in a child JVM and takes orders there at --rate orders/s, open loop, from two",
        "     producer threads: 1-3 lines each, one line in five on B or C; 85%% committed, 10%% released, 5%%",
        "     abandoned (they expire); a live line on stderr shows orders/s and the p99 order latency;",
        "  3. half way through --seconds, kills the child JVM with SIGKILL, in the middle of the load;",
        "  4. recovers the journal and checks that every reservation and commit the child acknowledged is",
        "     there, and that no product was ever oversold (0 <= reservedHeld <= physical after every movement,",
        "     physical recomputed from adjustments minus commits);",
        "  5. takes orders for the remaining seconds in this JVM on the recovered journal, checks again, and",
        "     prints a summary table on stdout.",
        "",
        "Without --journal the journal is a temporary directory, deleted at the end; stderr says where it is.",
        "" },
    footerHeading = "%nExamples:%n",
    footer = {
        "  stockcore demo",
        "  stockcore demo --seconds 30 --rate 20000 --journal /tmp/demo-journal" },
    exitCodeListHeading = ExitStatus.HEADING,
    exitCodeList = {
        "0:every check passed: nothing acknowledged lost, nothing oversold",
        "1:a check failed (the summary says which), or the engine JVM died before it was killed",
        ExitStatus.ERROR_TEXT })
final class DemoCommand implements Callable<Integer>
{
    /** Reservation ids of the load after recovery start here, far above the child's. */
    private static final long RECOVERED_FIRST_ID = 1L << 40;
    private static final long RECOVERED_SEED = 0xAF7E_C4A5L;
    private static final long READY_TIMEOUT_MILLIS = 60_000;
    private static final long POLL_MILLIS = 250;
    private static final long PROGRESS_MILLIS = 200;
    private static final int LOG_TAIL_CHARS = 4_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--journal", paramLabel = "DIR",
        description = "journal directory to use and keep: must be new or empty (default: a temporary one, deleted)")
    private Path journal;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "10",
        description = "seconds of load in all, 2..3600; the kill comes after half (default: ${DEFAULT-VALUE})")
    private int seconds;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "10000",
        description = "orders per second, 1..1000000 (default: ${DEFAULT-VALUE})")
    private long rate;

    @Override
    public Integer call() throws InterruptedException
    {
        final PrintWriter err = spec.commandLine().getErr();
        if (seconds < 2 || seconds > 3600 || rate < 1 || rate > 1_000_000)
        {
            err.println("stockcore demo: --seconds must be 2..3600 and --rate 1..1000000, got " + seconds + " and " +
                rate + "; try 'stockcore demo --help'");
            return ExitStatus.ERROR;
        }
        final Path root = journal == null ? createTempDirectory() : null;
        final Path dir = journal == null ? root.resolve("journal") : journal;
        if (journal != null)
        {
            requireNewOrEmpty(journal);
        }
        err.println("demo: journal in " + dir + (root != null ? " (temporary, deleted at the end; " +
            "--journal DIR keeps it)" : ""));
        try
        {
            return run(dir, err, spec.commandLine().getOut());
        }
        finally
        {
            if (root != null)
            {
                deleteRecursively(root);
            }
        }
    }

    private int run(final Path dir, final PrintWriter err, final PrintWriter out) throws InterruptedException
    {
        final long started = System.nanoTime();
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)))
        {
            final DemoCatalogue catalogue = DemoCatalogue.setUp(runtime, rate, seconds);
            err.printf(Locale.ROOT, "demo: catalogue of %d products: A holds %,d units and shares them with B and " +
                "C; %d ordinary products, %d of them hot%n", catalogue.productCount(),
                runtime.available(DemoCatalogue.SOURCE), DemoCatalogue.ORDINARY, DemoCatalogue.HOT);
        }

        final long killAfterMillis = seconds * 1000L / 2;
        final DemoProgress progress = new DemoProgress(err, TerminalProgress.isTerminal());
        final LongHashSet reserved;
        final LongHashSet committed;
        final double loadSecondsBeforeKill;
        final long refusedBeforeKill;
        final long pid;
        final int exitStatus;
        try (DemoChild child = DemoChild.start(dir, rate, seconds * 3L + 60, dir.resolve("demo-engine.log")))
        {
            pid = child.awaitReady(READY_TIMEOUT_MILLIS);
            if (pid < 0)
            {
                err.println("stockcore demo: the engine JVM did not start within " + READY_TIMEOUT_MILLIS / 1000 +
                    " s; its stderr:\n" + child.logTail(LOG_TAIL_CHARS));
                return ExitStatus.ERROR;
            }
            err.printf(Locale.ROOT, "demo: engine JVM pid %d takes %,d orders/s from %d producer threads; " +
                "SIGKILL in %.1f s%n", pid, rate, DemoLoad.PRODUCERS, killAfterMillis / 1000.0);
            final long loadStarted = System.nanoTime();
            final long killAt = System.currentTimeMillis() + killAfterMillis;
            progress.start(loadStarted, 0);
            long now;
            // In the middle of the load means once something was acknowledged, even on a machine slow to warm up.
            while ((now = System.currentTimeMillis()) < killAt ||
                (child.reservationCount() == 0 && now < killAt + READY_TIMEOUT_MILLIS))
            {
                if (!child.awaitProgress(now < killAt ? Math.min(killAt, now + POLL_MILLIS) : now + POLL_MILLIS / 10))
                {
                    progress.finish();
                    err.println("stockcore demo: FAILED: the engine JVM ended by itself before it was killed; " +
                        "its stderr:\n" + child.logTail(LOG_TAIL_CHARS));
                    return ExitStatus.CHECK_FAILED;
                }
                final long nanos = System.nanoTime();
                progress.update("engine JVM", (nanos - loadStarted) / 1e9, nanos, child.answered(), child.p99Nanos(),
                    child.reservationCount(), child.refused());
            }
            loadSecondsBeforeKill = (System.nanoTime() - loadStarted) / 1e9;
            exitStatus = child.kill();
            progress.finish();
            reserved = child.reserved();
            committed = child.committed();
            refusedBeforeKill = child.refused();
            err.printf(Locale.ROOT, "demo: SIGKILL to pid %d after %.1f s of load (exit status %d): %,d reservations " +
                "and %,d commits were acknowledged%n", pid, loadSecondsBeforeKill, exitStatus,
                reserved.size(), committed.size());
        }

        final DemoAudit.Report afterCrash = DemoAudit.audit(dir, reserved, committed);
        err.printf(Locale.ROOT, "demo: recovered in %.0f ms: %,d of %,d acknowledged reservations found, %s%n",
            afterCrash.recoveryNanos() / 1e6, afterCrash.reservationsChecked() - afterCrash.reservationsLost(),
            afterCrash.reservationsChecked(), afterCrash.passed() ? "all checks passed" : "CHECKS FAILED");

        final InProcessAcks acks = new InProcessAcks();
        final long answeredAfter;
        final long refusedAfter;
        final long remainingMillis = seconds * 1000L - killAfterMillis;
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)))
        {
            err.printf(Locale.ROOT, "demo: this JVM takes the orders for %.1f s more on the recovered journal%n",
                remainingMillis / 1000.0);
            final long loadStarted = System.nanoTime();
            final long endAt = System.currentTimeMillis() + remainingMillis;
            try (DemoLoad load = DemoLoad.start(runtime, DemoCatalogue.lookUp(runtime), rate, RECOVERED_FIRST_ID,
                RECOVERED_SEED, acks))
            {
                progress.start(loadStarted, 0);
                long now;
                while ((now = System.currentTimeMillis()) < endAt)
                {
                    Thread.sleep(Math.min(endAt - now, PROGRESS_MILLIS));
                    final long nanos = System.nanoTime();
                    progress.update("this JVM  ", (nanos - loadStarted) / 1e9, nanos, load.ordersAnswered(),
                        load.intervalP99Nanos(), load.reservations(), load.refused());
                }
                answeredAfter = load.ordersAnswered();
                refusedAfter = load.refused();
            }
            progress.finish();
        }

        reserved.addAll(acks.reserved);
        committed.addAll(acks.committed);
        final DemoAudit.Report atEnd = DemoAudit.audit(dir, reserved, committed);
        printSummary(out, pid, exitStatus, loadSecondsBeforeKill, refusedBeforeKill + refusedAfter, answeredAfter,
            afterCrash, atEnd, (System.nanoTime() - started) / 1e9);
        out.flush();
        return afterCrash.passed() && atEnd.passed() ? ExitStatus.OK : ExitStatus.CHECK_FAILED;
    }

    private void printSummary(final PrintWriter out, final long pid, final int exitStatus, final double loadSeconds,
        final long refused, final long answeredAfter, final DemoAudit.Report afterCrash, final DemoAudit.Report atEnd,
        final double totalSeconds)
    {
        final List<String[]> rows = new ArrayList<>();
        rows.add(row("load before the kill", "%.1f s at %,d orders/s (engine JVM pid %d, killed: exit status %d)",
            loadSeconds, rate, pid, exitStatus));
        rows.add(row("acknowledged before the kill", "%,d reservations, %,d commits",
            afterCrash.reservationsChecked(), afterCrash.commitsChecked()));
        rows.add(row("recovered", "%,d reservations, %,d commits",
            afterCrash.reservationsChecked() - afterCrash.reservationsLost(),
            afterCrash.commitsChecked() - afterCrash.commitsLost()));
        rows.add(row("lost", "%d reservations, %d commits", afterCrash.reservationsLost(), afterCrash.commitsLost()));
        rows.add(row("recovery time", "%.0f ms (%s%,d movements replayed)", afterCrash.recoveryNanos() / 1e6,
            afterCrash.fromSnapshot() ? "snapshot + " : "", afterCrash.movementsReplayed()));
        rows.add(row("orders answered after recovery", "%,d (in this JVM, on the recovered journal)", answeredAfter));
        rows.add(row("refused for lack of stock", "%,d (the oversells that did not happen)", refused));
        rows.add(row("products checked", "%d, after each of %,d movements", atEnd.productsChecked(),
            atEnd.movementsChecked()));
        rows.add(row("oversold", "%d", Math.max(afterCrash.oversold(), atEnd.oversold())));
        if (afterCrash.mismatches() + atEnd.mismatches() > 0 || afterCrash.invariantViolation() != null ||
            atEnd.invariantViolation() != null)
        {
            rows.add(row("stock disagreeing", "%d products; invariant: %s",
                Math.max(afterCrash.mismatches(), atEnd.mismatches()),
                afterCrash.invariantViolation() != null ? afterCrash.invariantViolation() : atEnd.invariantViolation()));
        }
        if (atEnd.reservationsLost() + atEnd.commitsLost() > afterCrash.reservationsLost() + afterCrash.commitsLost())
        {
            rows.add(row("lost after recovery", "%d reservations, %d commits",
                atEnd.reservationsLost() - afterCrash.reservationsLost(), atEnd.commitsLost() - afterCrash.commitsLost()));
        }
        final StringBuilder consumers = new StringBuilder();
        for (final long available : atEnd.consumerAvailable())
        {
            consumers.append(String.format(Locale.ROOT, " / %,d", available));
        }
        rows.add(row("available at the end: A / B / C", "%,d%s", atEnd.sourceAvailable(), consumers));
        rows.add(row("result", "%s in %.1f s", afterCrash.passed() && atEnd.passed() ? "PASS" : "FAIL", totalSeconds));

        int width = 0;
        for (final String[] row : rows)
        {
            width = Math.max(width, row[0].length());
        }
        out.println();
        for (final String[] row : rows)
        {
            out.println("  " + row[0] + " ".repeat(width - row[0].length() + 2) + row[1]);
        }
    }

    private static String[] row(final String label, final String format, final Object... values)
    {
        return new String[] { label, String.format(Locale.ROOT, format, values) };
    }

    private static Path createTempDirectory()
    {
        try
        {
            return Files.createTempDirectory("stockcore-demo-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a temporary directory for the demo's journal: " +
                ex.getMessage() + "; pass --journal DIR", ex);
        }
    }

    private static void requireNewOrEmpty(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        if (!Files.isDirectory(dir))
        {
            throw new JournalException(dir + " is a file; pass a new or empty directory to --journal");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir))
        {
            if (entries.iterator().hasNext())
            {
                throw new JournalException(dir + " is not empty; the demo sets up its own catalogue, so pass a new " +
                    "or empty directory to --journal");
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot list " + dir + ": " + ex.getMessage() + "; check its permissions", ex);
        }
    }

    private static void deleteRecursively(final Path root)
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete the demo's temporary journal " + root + ": " +
                ex.getMessage() + "; delete it by hand", ex);
        }
    }

    /** Acknowledgements of the load after recovery; written on the engine thread, read after it stopped. */
    private static final class InProcessAcks implements DemoLoad.Acknowledgements
    {
        private final LongHashSet reserved = new LongHashSet();
        private final LongHashSet committed = new LongHashSet();

        @Override
        public void onReserved(final long reservationId)
        {
            reserved.add(reservationId);
        }

        @Override
        public void onCommitted(final long reservationId)
        {
            committed.add(reservationId);
        }
    }
}
