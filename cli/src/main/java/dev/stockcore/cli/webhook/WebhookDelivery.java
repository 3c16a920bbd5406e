package dev.stockcore.cli.webhook;

import dev.stockcore.journal.Journal;
import dev.stockcore.journal.feed.JournalFeed;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Delivers a journal's availability changes to a webhook: follows the journal with a {@link JournalFeed},
 * gathers the changes into requests ({@link RequestAssembler}), sends each until the receiver answers 2xx,
 * waiting {@link Backoff}'s delays between attempts, and after each success writes the {@link CursorFile}.
 * A request is never skipped: the next one is built only once the previous one is delivered, so the
 * receiver sees the changes in sequence order and the cursor never passes an undelivered change.
 * <p>
 * It starts at the explicit {@link Context#fromSequence(long)} if one is given (even if a cursor exists),
 * else at the cursor's sequence + 1, else at 1. It stops when {@link Context#stopRequested(BooleanSupplier)}
 * turns true (checked between requests and while waiting to retry, so a request in flight is finished), or,
 * without {@link Context#follow(boolean)}, once everything journaled is delivered.
 * Progress and retries go to {@link Context#log(PrintWriter)}, one line each; the secret is never printed,
 * and the URL is shown without its user info or query, which may carry credentials.
 */
public final class WebhookDelivery
{
    /** Default most changes per request. */
    public static final int DEFAULT_MAX_CHANGES = 500;
    /** Default cursor file name, in the journal directory. */
    public static final String DEFAULT_CURSOR_NAME = "webhook.cursor";
    private static final long MAX_IDLE_MILLIS = 10;

    /** How a delivery ended. */
    public enum Ending
    {
        /** Everything journaled was delivered and the context does not follow the journal. */
        CAUGHT_UP,
        /** Stopped on request (a signal). */
        STOPPED
    }

    private final Context context;
    private final CursorFile cursor;
    private final WebhookTransport transport;
    private final Backoff backoff;
    private final PrintWriter log;
    private final String prefix;
    private final String target;
    private long cursorSequence;
    private long requests;
    private long changes;

    private WebhookDelivery(final Context context, final WebhookTransport transport, final long cursorSequence)
    {
        this.context = context;
        this.cursor = new CursorFile(context.cursorFile());
        this.transport = transport;
        this.backoff = context.backoff();
        this.log = context.log();
        this.prefix = context.logPrefix() + ": ";
        this.target = redacted(context.url());
        this.cursorSequence = cursorSequence;
    }

    /**
     * Runs the delivery until it is stopped, or until it has caught up when it does not follow.
     *
     * @param context configuration; validated by {@link Context#conclude()}.
     * @return how it ended.
     * @throws UncheckedIOException if the cursor or the secret file cannot be read or the cursor written.
     * @throws dev.stockcore.journal.JournalException if the journal cannot be read.
     */
    public static Ending run(final Context context)
    {
        context.conclude();
        final CursorFile cursorFile = new CursorFile(context.cursorFile());
        final long stored = cursorFile.read();
        final long from = context.fromSequence() > 0 ? context.fromSequence() : stored + 1 > 0 ? stored + 1 : 1;
        final WebhookTransport transport = context.transport() != null ? context.transport() :
            new HttpWebhookTransport(context.url(), signature(context.secretFile()));
        final WebhookDelivery delivery = new WebhookDelivery(context, transport, stored);
        delivery.log.println(delivery.prefix + "webhook " + delivery.target + " from sequence " + from + " (cursor " +
            cursorFile.file() + (stored < 0 ? ": none yet" : context.fromSequence() > 0 ?
            ": " + stored + ", overridden by --from" : ": " + stored) + "), at most " + context.maxChanges() +
            " changes per request" + (context.secretFile() != null ? ", signed" : ""));
        try (Journal journal = Journal.openForReading(context.journalDir()))
        {
            final RequestAssembler assembler = new RequestAssembler(context.maxChanges());
            try (JournalFeed feed = JournalFeed.open(new JournalFeed.Context().journal(journal).fromSequence(from)
                .availabilityHandler(assembler)))
            {
                for (final String warning : feed.warnings())
                {
                    delivery.log.println(delivery.prefix + "warning: " + warning);
                }
                return delivery.deliverUntilStopped(feed, assembler);
            }
        }
    }

    /**
     * A sleeper that waits on the wall clock, in steps of at most 20 ms, and returns early once
     * {@code stopRequested} is true.
     *
     * @param stopRequested whether to stop.
     * @return the sleeper.
     */
    public static Sleeper wallClockSleeper(final BooleanSupplier stopRequested)
    {
        return millis ->
        {
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            long remaining;
            while (!stopRequested.getAsBoolean() && (remaining = deadline - System.nanoTime()) > 0)
            {
                Thread.sleep(Math.max(1, Math.min(20, TimeUnit.NANOSECONDS.toMillis(remaining))));
            }
            return !stopRequested.getAsBoolean();
        };
    }

    private Ending deliverUntilStopped(final JournalFeed feed, final RequestAssembler assembler)
    {
        final IdleStrategy idle = new BackoffIdleStrategy(0, 0, TimeUnit.MILLISECONDS.toNanos(1),
            TimeUnit.MILLISECONDS.toNanos(MAX_IDLE_MILLIS));
        final BooleanSupplier stopRequested = context.stopRequested();
        while (!stopRequested.getAsBoolean())
        {
            final WebhookRequest request;
            if (assembler.hasStaged())
            {
                request = assembler.offerStaged();
            }
            else if (feed.poll(1) > 0)
            {
                idle.reset();
                continue;
            }
            else
            {
                request = assembler.flush();
                if (request == null)
                {
                    if (!context.follow())
                    {
                        log.println(prefix + "delivered " + changes + " changes in " + requests + " requests; " +
                            "caught up with the journal at sequence " + feed.sequence() + "; cursor " + cursorText());
                        return Ending.CAUGHT_UP;
                    }
                    idle.idle();
                    continue;
                }
            }
            if (request != null && !deliver(request))
            {
                break;
            }
        }
        log.println(prefix + "stopped; delivered " + changes + " changes in " + requests + " requests; cursor " +
            cursorText());
        return Ending.STOPPED;
    }

    /** Sends until a 2xx answer (then true) or a stop (false). */
    private boolean deliver(final WebhookRequest request)
    {
        backoff.reset();
        final String what = request.changes() + " changes, sequences " + request.idempotencyKey();
        while (true)
        {
            int status = -1;
            String failure;
            try
            {
                status = transport.post(request);
                failure = "HTTP " + status;
            }
            catch (final IOException ex)
            {
                failure = "no answer from " + target + " (" + describe(ex) + ")";
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return false;
            }
            if (status >= 200 && status < 300)
            {
                requests++;
                changes += request.changes();
                if (request.advancesCursor())
                {
                    cursor.write(request.cursorAfter());
                    cursorSequence = request.cursorAfter();
                    log.println(prefix + "delivered " + what + " (HTTP " + status + "); cursor " + cursorSequence);
                }
                else
                {
                    log.println(prefix + "delivered " + what + " (HTTP " + status + "), part of sequence " +
                        request.lastSequence() + "'s changes; cursor stays " + cursorText() + " until all are delivered");
                }
                return true;
            }
            final long delay = backoff.nextDelayMillis();
            final String refused = status >= 400 && status < 500 ?
                ": the receiver refused it and will likely refuse it again (check the URL, the secret file and the " +
                "receiver's log); retried all the same, since the feed never skips a change" : "";
            log.println(prefix + failure + " for " + what + ", attempt " + backoff.failures() + refused +
                "; retrying in " + delay + " ms");
            try
            {
                if (!context.sleeper().sleep(delay))
                {
                    return false;
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private String cursorText()
    {
        return cursorSequence < 0 ? "none" : Long.toString(cursorSequence);
    }

    private static String describe(final IOException ex)
    {
        final String message = ex.getMessage();
        final Throwable cause = ex.getCause();
        final String detail = message != null && !message.isEmpty() ? message :
            cause != null && cause.getMessage() != null ? cause.getMessage() : "no detail";
        return ex.getClass().getSimpleName() + ": " + detail;
    }

    private static WebhookSignature signature(final Path secretFile)
    {
        if (secretFile == null)
        {
            return null;
        }
        final byte[] secret;
        try
        {
            secret = Files.readAllBytes(secretFile);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the webhook secret file " + secretFile + " (" +
                ex.getClass().getSimpleName() + "); pass a readable file holding the secret", ex);
        }
        if (secret.length == 0)
        {
            throw new UncheckedIOException("the webhook secret file " + secretFile + " is empty; write the secret " +
                "into it (its exact bytes are the key)", new IOException("empty secret file"));
        }
        return new WebhookSignature(secret);
    }

    /**
     * @param url a URL.
     * @return it without user info, query or fragment, which may carry credentials: safe to print.
     */
    static String redacted(final URI url)
    {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "") +
            (url.getRawPath() == null ? "" : url.getRawPath()) + (url.getRawQuery() != null ? "?..." : "");
    }

    /**
     * Configuration of a delivery, with fluent setters; {@link #conclude()} validates it and fills in the
     * defaults.
     */
    public static final class Context
    {
        private Path journalDir;
        private URI url;
        private Path cursorFile;
        private int maxChanges = DEFAULT_MAX_CHANGES;
        private long fromSequence = -1;
        private Path secretFile;
        private boolean follow = true;
        private WebhookTransport transport;
        private Sleeper sleeper;
        private Backoff backoff;
        private BooleanSupplier stopRequested;
        private PrintWriter log;
        private String logPrefix = "webhook";

        /**
         * Validates the configuration and fills in the defaults.
         *
         * @return this.
         * @throws IllegalArgumentException naming the setting that is missing or wrong.
         */
        public Context conclude()
        {
            if (journalDir == null || url == null || log == null)
            {
                throw new IllegalArgumentException("a journal directory, a URL and a log are required");
            }
            final String scheme = url.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || url.getHost() == null)
            {
                throw new IllegalArgumentException("the webhook URL must be http://HOST[:PORT]/PATH or " +
                    "https://HOST[:PORT]/PATH: " + redactedOrRaw(url));
            }
            if (maxChanges < 1)
            {
                throw new IllegalArgumentException("a request holds at least 1 change: " + maxChanges);
            }
            if (fromSequence == 0 || fromSequence < -1)
            {
                throw new IllegalArgumentException("the first sequence must be 1 or more: " + fromSequence);
            }
            if (cursorFile == null)
            {
                cursorFile = journalDir.resolve(DEFAULT_CURSOR_NAME);
            }
            if (stopRequested == null)
            {
                stopRequested = () -> false;
            }
            if (sleeper == null)
            {
                sleeper = wallClockSleeper(stopRequested);
            }
            if (backoff == null)
            {
                backoff = new Backoff();
            }
            return this;
        }

        private static String redactedOrRaw(final URI url)
        {
            return url.getScheme() != null && url.getHost() != null ? redacted(url) :
                "'" + url.getScheme() + ":...' (no http/https scheme and host)";
        }

        /** @param dir the journal to follow. @return this. */
        public Context journalDir(final Path dir)
        {
            this.journalDir = dir;
            return this;
        }

        /** @return the journal to follow. */
        public Path journalDir()
        {
            return journalDir;
        }

        /** @param url the receiver, {@code http://} or {@code https://}. @return this. */
        public Context url(final URI url)
        {
            this.url = url;
            return this;
        }

        /** @return the receiver. */
        public URI url()
        {
            return url;
        }

        /** @param file the cursor file (default {@code DIR/webhook.cursor}). @return this. */
        public Context cursorFile(final Path file)
        {
            this.cursorFile = file;
            return this;
        }

        /** @return the cursor file. */
        public Path cursorFile()
        {
            return cursorFile;
        }

        /** @param max most changes per request (default {@value #DEFAULT_MAX_CHANGES}). @return this. */
        public Context maxChanges(final int max)
        {
            this.maxChanges = max;
            return this;
        }

        /** @return most changes per request. */
        public int maxChanges()
        {
            return maxChanges;
        }

        /**
         * @param sequence start here even if a cursor exists; -1 (default) to start after the cursor, or at 1.
         * @return this.
         */
        public Context fromSequence(final long sequence)
        {
            this.fromSequence = sequence;
            return this;
        }

        /** @return the explicit first sequence, or -1. */
        public long fromSequence()
        {
            return fromSequence;
        }

        /** @param file the secret to sign with, or null (default) to send no signature. @return this. */
        public Context secretFile(final Path file)
        {
            this.secretFile = file;
            return this;
        }

        /** @return the secret file, or null. */
        public Path secretFile()
        {
            return secretFile;
        }

        /** @param follow keep following the journal (default), or stop once caught up. @return this. */
        public Context follow(final boolean follow)
        {
            this.follow = follow;
            return this;
        }

        /** @return whether it follows the journal. */
        public boolean follow()
        {
            return follow;
        }

        /** @param transport sends the requests (default: {@link HttpWebhookTransport} to the URL). @return this. */
        public Context transport(final WebhookTransport transport)
        {
            this.transport = transport;
            return this;
        }

        /** @return the transport, or null for HTTP to the URL. */
        public WebhookTransport transport()
        {
            return transport;
        }

        /** @param sleeper waits between attempts (default: the wall clock, woken by a stop). @return this. */
        public Context sleeper(final Sleeper sleeper)
        {
            this.sleeper = sleeper;
            return this;
        }

        /** @return the sleeper. */
        public Sleeper sleeper()
        {
            return sleeper;
        }

        /** @param backoff the delays between attempts (default {@link Backoff#Backoff()}). @return this. */
        public Context backoff(final Backoff backoff)
        {
            this.backoff = backoff;
            return this;
        }

        /** @return the delays between attempts. */
        public Backoff backoff()
        {
            return backoff;
        }

        /** @param stopRequested turns true to stop after the request in flight (default: never). @return this. */
        public Context stopRequested(final BooleanSupplier stopRequested)
        {
            this.stopRequested = stopRequested;
            return this;
        }

        /** @return whether to stop. */
        public BooleanSupplier stopRequested()
        {
            return stopRequested;
        }

        /** @param log where progress and retries go, one line each (stderr). @return this. */
        public Context log(final PrintWriter log)
        {
            this.log = log;
            return this;
        }

        /** @return where progress goes. */
        public PrintWriter log()
        {
            return log;
        }

        /** @param prefix starts every log line, e.g. {@code stockcore feed}. @return this. */
        public Context logPrefix(final String prefix)
        {
            this.logPrefix = prefix;
            return this;
        }

        /** @return what starts every log line. */
        public String logPrefix()
        {
            return logPrefix;
        }
    }
}
