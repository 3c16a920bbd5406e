package dev.stockcore.cli;

import dev.stockcore.cli.webhook.WebhookDelivery;
import dev.stockcore.journal.Journal;
import dev.stockcore.journal.feed.JournalFeed;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code stockcore feed --journal DIR [--from SEQ] [--no-follow]}: the stock feed of a journal, one JSON line
 * per availability change ({@link JournalFeed}, {@link dev.stockcore.journal.feed.AvailabilityJson}),
 * following the journal while a writer appends to it until SIGINT or SIGTERM, which end it with status 0
 * after flushing. Read-only and lock-free, so it runs beside a writer.
 * <p>
 * Output is flushed whenever the feed has caught up with the journal, so a followed change reaches the pipe
 * at most one idle period ({@value #MAX_IDLE_MILLIS} ms) after its append, plus scheduling; while it replays a
 * backlog, at least every {@value #FLUSH_INTERVAL_MILLIS} ms, not line by line.
 * <p>
 * With {@code --webhook URL} the same changes are POSTed to URL instead of printed
 * ({@link WebhookDelivery}, package {@code dev.stockcore.cli.webhook}).
 */
@Command(
    name = "feed",
    mixinStandardHelpOptions = true,
    header = "Print each availability change as a JSON line, following the journal; read-only.",
    description = {
        "Replays the journal on a replica and prints one JSON line per product whose availability a command " +
            "changed: the products whose stock moved (adjust, count, reserve, commit, release, expiry), each " +
            "product consuming their stock (a change on A is also a line for each virtual product B, C of A, " +
            "with the same value), and the product of a link or unlink. A line is printed only when the value " +
            "differs from the one last printed for that product: committing held stock, for instance, " +
            "changes no availability and prints nothing.",
        "",
        "Then it follows the journal, printing changes as the writer appends them, until interrupted " +
            "(SIGINT or SIGTERM: it flushes and exits 0). With --no-follow it stops at the current end.",
        "",
        "--from SEQ prints the changes of the commands whose last movement is at sequence SEQ or later, " +
            "exactly the lines a run from the start prints from there on: having handled the line with " +
            "sequence S, resume with --from S+1. The replay starts at the newest snapshot before SEQ. If the " +
            "journal was pruned past SEQ, it starts at the oldest snapshot left, first printing every " +
            "product's availability as of that snapshot, and says so on stderr. A SEQ beyond the end is " +
            "fine: the feed waits for it.",
        "",
        "It does not modify the journal and takes no lock: it runs safely while a writer is running.",
        "",
        "With --webhook URL it POSTs the changes to URL instead of printing them: a JSON array of these objects, " +
            "at most --batch N per request, conflated per SKU (the latest wins), with the header " +
            "Idempotency-Key: FIRST-LAST (the smallest and largest sequence the request covers). A 2xx answer " +
            "advances the cursor (one line, the sequence up to which every change is delivered), written " +
            "atomically to --cursor FILE; any other answer or no answer is retried, waiting 250 ms doubling up " +
            "to 30 s, never skipping ahead. It starts after the cursor, or at --from SEQ if given (which " +
            "overrides the cursor). --secret-file adds X-Stockcore-Signature: sha256=HEX, the HMAC-SHA256 of " +
            "the body keyed with the file's bytes. Progress and retries go to stderr; SIGINT/SIGTERM stop it " +
            "after the request in flight, exit 0.",
        "" },
    footerHeading = "%nOutput: one JSON object per line, e.g.:%n",
    footer = {
        "  {\"sku\":\"A\",\"available\":10,\"sequence\":42}",
        "  {\"sku\":\"B\",\"available\":10,\"sequence\":42,\"source\":\"A\"}",
        "",
        "  sku        the product's SKU",
        "  available  what can be reserved through it now (its holder's physical minus what is held)",
        "  sequence   the movement sequence of the command's last movement (the same for all its lines)",
        "  source     only for a virtual product: the SKU whose stock it sells",
        "The first three keys are always there, in this order.",
        "",
        "Examples:",
        "  stockcore feed --journal /var/lib/stockcore",
        "  stockcore feed --journal /var/lib/stockcore --from 1000000 --no-follow | wc -l",
        "  stockcore feed --journal /var/lib/stockcore --webhook https://shop.example/stock --secret-file /etc/stockcore/secret" },
    exitCodeListHeading = ExitStatus.HEADING,
    exitCodeList = { "0:done: the end reached with --no-follow, or stopped by SIGINT/SIGTERM", ExitStatus.ERROR_TEXT })
final class FeedCommand implements Callable<Integer>
{
    /** Longest a printed change waits in the buffer while the feed replays a backlog. */
    static final long FLUSH_INTERVAL_MILLIS = 50;
    /** Longest sleep between two looks at the journal when it has nothing new. */
    static final long MAX_IDLE_MILLIS = 10;
    private static final long BATCHES_PER_POLL = 1024;

    @Spec
    private CommandSpec spec;

    @Mixin
    private JournalOption journal;

    @Option(
        names = "--from",
        paramLabel = "SEQ",
        description = "print the changes at movement sequence SEQ and later (default: 1, everything)")
    private long from = 1;

    @Option(names = "--no-follow", description = "stop at the current end of the journal instead of following it")
    private boolean noFollow;

    @Option(
        names = "--webhook",
        paramLabel = "URL",
        description = "POST the changes to URL (http:// or https://) as JSON arrays instead of printing them")
    private String webhook;

    @Option(
        names = "--cursor",
        paramLabel = "FILE",
        description = "with --webhook: where the delivered sequence is kept (default: DIR/webhook.cursor)")
    private Path cursor;

    @Option(
        names = "--batch",
        paramLabel = "N",
        description = "with --webhook: most changes per request (default: 500)")
    private int batch = WebhookDelivery.DEFAULT_MAX_CHANGES;

    @Option(
        names = "--secret-file",
        paramLabel = "FILE",
        description = "with --webhook: sign each request with HMAC-SHA256 keyed with this file's bytes")
    private Path secretFile;

    @Override
    public Integer call()
    {
        if (from < 1)
        {
            throw new ParameterException(spec.commandLine(), "--from must be a movement sequence, 1 or more: " + from);
        }
        JournalDirectory.requireJournal(journal.dir);
        if (webhook != null || cursor != null || secretFile != null ||
            spec.commandLine().getParseResult().hasMatchedOption("--batch"))
        {
            return deliverToWebhook();
        }
        final PrintWriter out = spec.commandLine().getOut();
        final AvailabilityPrinter printer = new AvailabilityPrinter(out);
        try (ShutdownSignals signals = ShutdownSignals.install();
            Journal opened = Journal.openForReading(journal.dir);
            JournalFeed feed = JournalFeed.open(new JournalFeed.Context().journal(opened).fromSequence(from)
                .availabilityHandler(printer)))
        {
            StockcoreCli.warn(spec, feed.warnings());
            try
            {
                printUntilStopped(feed, printer, signals);
            }
            finally
            {
                // Also when the journal turns out broken: what was read before the problem is printed.
                printer.flush();
            }
            return ExitStatus.OK;
        }
    }

    /** {@code --webhook}: the same changes, POSTed ({@link WebhookDelivery}). */
    private int deliverToWebhook()
    {
        if (webhook == null)
        {
            throw new ParameterException(spec.commandLine(), "--cursor, --batch and --secret-file go with --webhook URL");
        }
        final URI url;
        try
        {
            url = new URI(webhook);
        }
        catch (final URISyntaxException ex)
        {
            throw new ParameterException(spec.commandLine(), "--webhook is not a URL (" + ex.getReason() +
                " at index " + ex.getIndex() + "); pass http://HOST[:PORT]/PATH or https://HOST[:PORT]/PATH");
        }
        final WebhookDelivery.Context context = new WebhookDelivery.Context()
            .journalDir(journal.dir)
            .url(url)
            .cursorFile(cursor)
            .maxChanges(batch)
            .fromSequence(spec.commandLine().getParseResult().hasMatchedOption("--from") ? from : -1)
            .secretFile(secretFile)
            .follow(!noFollow)
            .log(spec.commandLine().getErr())
            .logPrefix(spec.qualifiedName());
        try (ShutdownSignals signals = ShutdownSignals.install())
        {
            try
            {
                context.stopRequested(signals::received).conclude();
            }
            catch (final IllegalArgumentException ex)
            {
                throw new ParameterException(spec.commandLine(), ex.getMessage());
            }
            WebhookDelivery.run(context);
            return ExitStatus.OK;
        }
    }

    /**
     * Polls the feed and flushes its lines until the end of the journal ({@code --no-follow}), a signal, or
     * the output is closed.
     */
    private void printUntilStopped(final JournalFeed feed, final AvailabilityPrinter printer,
        final ShutdownSignals signals)
    {
        final IdleStrategy idle = new BackoffIdleStrategy(0, 0, TimeUnit.MILLISECONDS.toNanos(1),
            TimeUnit.MILLISECONDS.toNanos(MAX_IDLE_MILLIS));
        final long flushIntervalNanos = TimeUnit.MILLISECONDS.toNanos(FLUSH_INTERVAL_MILLIS);
        long lastFlush = System.nanoTime();
        while (!signals.received())
        {
            final long batches = feed.poll(BATCHES_PER_POLL);
            final boolean caughtUp = batches < BATCHES_PER_POLL;
            if (printer.hasUnflushed() && (caughtUp || System.nanoTime() - lastFlush >= flushIntervalNanos))
            {
                if (!printer.flush())
                {
                    return;
                }
                lastFlush = System.nanoTime();
            }
            if (batches == 0)
            {
                if (noFollow)
                {
                    return;
                }
                idle.idle();
            }
            else
            {
                idle.reset();
            }
        }
    }
}
