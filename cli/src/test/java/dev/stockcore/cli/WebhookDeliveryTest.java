package dev.stockcore.cli;

import dev.stockcore.cli.WebhookFixture.Receiver;
import dev.stockcore.cli.webhook.WebhookDelivery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.stockcore.cli.WebhookFixture.assertReceiverHolds;
import static dev.stockcore.cli.WebhookFixture.availability;
import static dev.stockcore.cli.WebhookFixture.count;
import static dev.stockcore.cli.WebhookFixture.journalAvailability;
import static dev.stockcore.cli.WebhookFixture.lastChangeSequence;
import static dev.stockcore.cli.WebhookFixture.received;
import static dev.stockcore.cli.WebhookFixture.receiver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link WebhookDelivery} in this JVM, with the JDK's HTTP client, against a receiver child, and a sleeper
 * that records the delays it is asked for instead of waiting: the verdicts are on the delays decided, what
 * the receiver recorded and the cursor, never on elapsed time.
 */
class WebhookDeliveryTest
{
    @TempDir
    Path dir;

    private final List<Long> delays = new ArrayList<>();
    private final StringWriter log = new StringWriter();

    @Test
    void shouldWaitDoublingDelaysCappedAtThirtySecondsUntilTheReceiverAnswers() throws Exception
    {
        final Path journal = journal(40);
        final Path received = dir.resolve("received.log");

        try (Receiver receiver = receiver(received, "--fail-first", "9"))
        {
            final WebhookDelivery.Ending ending = WebhookDelivery.run(context(journal, receiver.url())
                .sleeper(millis -> delays.add(millis)));

            assertEquals(WebhookDelivery.Ending.CAUGHT_UP, ending);
            assertEquals(9, count(receiver.child(), "FAILED "));
        }
        assertEquals(List.of(250L, 500L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L), delays,
            "one doubling sequence for the first request; none after, since every later request succeeded");
        assertTrue(log.toString().contains("HTTP 503 for "), log::toString);
        assertReceiverHolds(journalAvailability(journal), availability(received(received)));
        assertEquals(lastChangeSequence(journal) + "\n", Files.readString(journal.resolve("webhook.cursor")));
    }

    @Test
    void shouldStartTheBackoffAgainAfterEachDeliveredRequest() throws Exception
    {
        final Path journal = journal(40);

        try (Receiver receiver = receiver(dir.resolve("received.log"), "--fail-every", "2"))
        {
            WebhookDelivery.run(context(journal, receiver.url()).maxChanges(5).sleeper(millis -> delays.add(millis)));

            assertEquals(count(receiver.child(), "FAILED "), delays.size());
            assertTrue(count(receiver.child(), "ACCEPTED ") > 3);
        }
        assertTrue(delays.stream().allMatch(delay -> delay == 250L), "every other attempt fails, each the first " +
            "failure of its request: " + delays);
    }

    @Test
    void shouldNeverAdvanceTheCursorWhileTheReceiverRejectsTheSignature() throws Exception
    {
        final Path journal = journal(20);
        final Path received = dir.resolve("received.log");
        final Path rightSecret = Files.writeString(dir.resolve("right"), "the-shop-secret");
        final Path wrongSecret = Files.writeString(dir.resolve("wrong"), "a-stale-secret");

        try (Receiver receiver = receiver(received, "--secret-file", rightSecret.toString()))
        {
            final WebhookDelivery.Ending ending = WebhookDelivery.run(context(journal, receiver.url())
                .secretFile(wrongSecret).sleeper(millis -> delays.add(millis) && delays.size() < 5));

            assertEquals(WebhookDelivery.Ending.STOPPED, ending);
            assertEquals(5, count(receiver.child(), "REJECTED "), "the same request, retried");
            assertEquals(0, count(receiver.child(), "ACCEPTED "));
        }
        assertEquals(List.of(250L, 500L, 1_000L, 2_000L, 4_000L), delays);
        assertTrue(received(received).isEmpty());
        assertFalse(Files.exists(journal.resolve("webhook.cursor")), "no cursor: nothing was delivered");
        assertTrue(log.toString().contains("HTTP 401 for ") && log.toString().contains("the receiver refused it"),
            log::toString);
        assertFalse(log.toString().contains("a-stale-secret") || log.toString().contains("the-shop-secret"),
            log::toString);
    }

    @Test
    void shouldKeepTheCursorWhenTheReceiverIsGone() throws Exception
    {
        final Path journal = journal(20);
        final int port;
        try (Receiver receiver = receiver(dir.resolve("received.log")))
        {
            port = receiver.port();
        }
        final WebhookDelivery.Ending ending = WebhookDelivery.run(context(journal, "http://127.0.0.1:" + port +
            "/stock?token=hidden").sleeper(millis -> delays.add(millis) && delays.size() < 3));

        assertEquals(WebhookDelivery.Ending.STOPPED, ending);
        assertEquals(List.of(250L, 500L, 1_000L), delays);
        assertTrue(log.toString().contains("no answer from http://127.0.0.1:" + port + "/stock?... (ConnectException"),
            log::toString);
        assertFalse(log.toString().contains("hidden"), "the URL's query may hold a credential: " + log);
        assertFalse(Files.exists(journal.resolve("webhook.cursor")));
    }

    private Path journal(final int commands)
    {
        final Path journal = dir.resolve("j");
        final CliRun script = CliRun.script(journal, WebhookFixture.peakScript(11, 10, commands));
        assertEquals(0, script.status(), script::toString);
        return journal;
    }

    private WebhookDelivery.Context context(final Path journal, final String url)
    {
        return new WebhookDelivery.Context()
            .journalDir(journal)
            .url(URI.create(url))
            .maxChanges(10)
            .follow(false)
            .log(new PrintWriter(log, true))
            .logPrefix("stockcore feed");
    }
}
