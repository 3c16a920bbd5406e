package dev.stockcore.cli;

import dev.stockcore.cli.WebhookFixture.Receiver;
import dev.stockcore.cli.WebhookFixture.Received;
import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import dev.stockcore.runtime.StockRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static dev.stockcore.cli.WebhookFixture.assertReceiverHolds;
import static dev.stockcore.cli.WebhookFixture.assertWellFormed;
import static dev.stockcore.cli.WebhookFixture.availability;
import static dev.stockcore.cli.WebhookFixture.count;
import static dev.stockcore.cli.WebhookFixture.journalAvailability;
import static dev.stockcore.cli.WebhookFixture.lastChangeSequence;
import static dev.stockcore.cli.WebhookFixture.received;
import static dev.stockcore.cli.WebhookFixture.receiver;
import static dev.stockcore.cli.WebhookFixture.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * {@code stockcore feed --webhook} in its own JVM against a receiver in another JVM
 * ({@link WebhookReceiverChild}) that fails requests on purpose, is killed and restarted, or checks signatures.
 * Every wait is on a line printed or a process ended; the verdicts are on what the receiver recorded.
 */
class WebhookProcessTest
{
    @TempDir
    Path dir;

    @Test
    void shouldEndWithTheExactAvailabilityWhenTheWebhookIsKilledMidStreamAndTheReceiverFails() throws Exception
    {
        final Path journal = dir.resolve("j");
        final CliRun script = CliRun.script(journal, WebhookFixture.peakScript(15, 24, 250));
        assertEquals(0, script.status(), script::toString);
        final Path log = dir.resolve("received.log");
        final Path cursor = journal.resolve("webhook.cursor");

        final String held;
        try (Receiver receiver = receiver(log, "--fail-every", "3", "--close-every", "7", "--hold-at", "13"))
        {
            try (ChildJvm first = webhook(List.of(), journal, receiver.url(), "--batch", "12", "--no-follow"))
            {
                held = receiver.child().awaitLine(line -> line.startsWith("HOLDING ")).substring("HOLDING ".length());
                assertTrue(first.isAlive(), "the webhook waits for the answer to the held request");
                first.signal("KILL");
                assertNotEquals(0, first.awaitExit());
            }
            final long cursorAfterKill = Long.parseLong(Files.readString(cursor).trim());
            assertTrue(cursorAfterKill > 0 && cursorAfterKill < Long.parseLong(held.substring(held.indexOf('-') + 1)),
                "the cursor " + cursorAfterKill + " is before the held request " + held);

            try (ChildJvm second = webhook(List.of(), journal, receiver.url(), "--batch", "12", "--no-follow"))
            {
                assertEquals(0, second.awaitExit(), second::diagnostics);
                assertTrue(second.stderr().contains(" from sequence " + (cursorAfterKill + 1) + " (cursor "),
                    second::diagnostics);
                assertTrue(second.stderr().contains("HTTP 503 for "), second::diagnostics);
                assertTrue(second.stderr().contains("no answer from http://127.0.0.1:" + receiver.port() + "/stock"),
                    second::diagnostics);
            }
            assertTrue(count(receiver.child(), "FAILED ") > 0 && count(receiver.child(), "CLOSED ") > 0);
        }

        final List<Received> received = received(log);
        assertWellFormed(received, 12);
        assertEquals(2, received.stream().filter(request -> request.key().equals(held)).count(),
            "the request whose answer was lost to the kill was delivered again after the restart");
        assertReceiverHolds(journalAvailability(journal), availability(received));
        assertTrue(availability(received).keySet().stream().anyMatch(sku -> sku.startsWith("V")), "virtual SKUs too");
        assertEquals(lastChangeSequence(journal) + "\n", Files.readString(cursor));
    }

    @Test
    void shouldCatchUpWithARuntimeJournalAfterTheReceiverIsKilledAndRestarted() throws Exception
    {
        // A process tree that ignores SIGTERM (as some CI shells set up) passes that on to the child.
        assumeFalse(ignoredByThisProcess(15), "SIGTERM is ignored in this process tree");
        final Path journal = dir.resolve("j");
        final Path log = dir.resolve("received.log");
        final Map<String, Long> atTheEnd = new HashMap<>();
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(journal)))
        {
            for (int p = 0; p < 12; p++)
            {
                assertEquals(Result.OK, runtime.addProduct("S" + p));
                assertEquals(Result.OK, runtime.adjust(p, 10 + p, EngineLimits.NO_COST));
            }
            for (int v = 0; v < 4; v++)
            {
                assertEquals(Result.OK, runtime.addProduct("GIFT" + v));
                assertEquals(Result.OK, runtime.link(runtime.productIndex("GIFT" + v), v % 2));
            }
            final long firstPhase = reserveAndRelease(runtime, 1, 60);

            final int port;
            try (Receiver receiver = receiver(log);
                ChildJvm webhook = webhook(List.of(), journal, receiver.url(), "--batch", "20"))
            {
                port = receiver.port();
                awaitAcceptedUpTo(receiver, lastChangeSequence(journal));
                receiver.child().signal("KILL");
                receiver.child().awaitExit();

                reserveAndRelease(runtime, firstPhase, 60);
                assertEquals(Result.OK, runtime.unlink(runtime.productIndex("GIFT0")));
                webhook.awaitStderr("no answer from http://127.0.0.1:" + port + "/stock");

                try (Receiver restarted = receiver(log, "--port", Integer.toString(port)))
                {
                    awaitAcceptedUpTo(restarted, lastChangeSequence(journal));
                    webhook.signal("TERM");
                    assertEquals(0, webhook.awaitExit(), "SIGTERM stops the webhook with status 0" +
                        webhook.diagnostics());
                    assertTrue(webhook.stderr().contains("stopped; delivered "), webhook::diagnostics);
                }
            }
            for (int p = 0; p < runtime.productCount(); p++)
            {
                atTheEnd.put(runtime.sku(p), runtime.available(p));
            }
        }

        final List<Received> received = received(log);
        assertWellFormed(received, 20);
        assertReceiverHolds(atTheEnd, availability(received));
        assertEquals(journalAvailability(journal), atTheEnd);
        assertEquals(lastChangeSequence(journal) + "\n", Files.readString(journal.resolve("webhook.cursor")));
    }

    @Test
    void shouldSignEveryBodySoThatAnIndependentHmacMatches() throws Exception
    {
        final Path journal = dir.resolve("j");
        assertEquals(0, CliRun.script(journal, WebhookFixture.peakScript(7, 10, 60)).status());
        final byte[] secret = "not-to-be-printed\n\u00e9".getBytes(StandardCharsets.UTF_8);
        final Path secretFile = Files.write(dir.resolve("secret"), secret);
        final Path log = dir.resolve("received.log");

        try (Receiver receiver = receiver(log, "--secret-file", secretFile.toString());
            ChildJvm webhook = webhook(List.of(), journal, receiver.url(), "--batch", "7", "--secret-file",
                secretFile.toString(), "--no-follow"))
        {
            assertEquals(0, webhook.awaitExit(), webhook::diagnostics);
            assertEquals(0, count(receiver.child(), "REJECTED "), "the receiver verified every signature");
            assertTrue(webhook.lines().isEmpty(), "nothing on stdout");
            assertFalse(webhook.stderr().contains("not-to-be-printed"), webhook::diagnostics);
            assertTrue(webhook.stderr().contains(", signed"), webhook::diagnostics);
        }

        final List<Received> received = received(log);
        assertTrue(received.size() > 3, received.size() + " requests");
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        for (final Received request : received)
        {
            final String expected = "sha256=" +
                HexFormat.of().formatHex(mac.doFinal(request.body().getBytes(StandardCharsets.UTF_8)));
            assertEquals(expected, request.signature(), request.key());
        }
        assertReceiverHolds(journalAvailability(journal), availability(received));
        assertFalse(Files.readString(journal.resolve("webhook.cursor")).contains("not-to-be-printed"));
    }

    @Test
    void shouldDeliverOverHttpsToACertificateInTheJvmTrustStore() throws Exception
    {
        final Path journal = dir.resolve("j");
        assertEquals(0, CliRun.script(journal, WebhookFixture.peakScript(3, 8, 40)).status());
        final Path keyStore = dir.resolve("receiver.p12");
        final Path trustStore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
            "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
            "-keystore", keyStore.toString(), "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-alias", "receiver", "-keystore", keyStore.toString(), "-storepass", "changeit",
            "-file", dir.resolve("receiver.cer").toString());
        keytool("-importcert", "-noprompt", "-alias", "receiver", "-file", dir.resolve("receiver.cer").toString(),
            "-storetype", "PKCS12", "-keystore", trustStore.toString(), "-storepass", "changeit");
        final Path log = dir.resolve("received.log");

        try (Receiver receiver = receiver(log, "--tls", keyStore.toString(), "changeit");
            ChildJvm webhook = webhook(List.of("-Djavax.net.ssl.trustStore=" + trustStore,
                "-Djavax.net.ssl.trustStorePassword=changeit", "-Djavax.net.ssl.trustStoreType=PKCS12"), journal,
                "https://127.0.0.1:" + receiver.port() + "/stock", "--batch", "50", "--no-follow"))
        {
            assertEquals(0, webhook.awaitExit(), webhook::diagnostics);
        }

        final List<Received> received = received(log);
        assertWellFormed(received, 50);
        assertReceiverHolds(journalAvailability(journal), availability(received));
    }

    /** Reserves and releases, a line on a virtual product now and then; @return the next reservation id. */
    private static long reserveAndRelease(final StockRuntime runtime, final long firstId, final int orders)
    {
        final OrderLines lines = new OrderLines();
        long id = firstId;
        for (int i = 0; i < orders; i++, id++)
        {
            lines.clear();
            lines.add((int)(id % runtime.productCount()), 1);
            runtime.reserve(id, 3_600_000L, lines);
            if (id % 3 == 0)
            {
                runtime.release(id - 1);
            }
        }
        return id;
    }

    private static void awaitAcceptedUpTo(final Receiver receiver, final long sequence) throws InterruptedException
    {
        receiver.child().awaitLine(line -> line.startsWith("ACCEPTED ") &&
            Long.parseLong(line.substring(line.indexOf('-') + 1)) >= sequence);
    }

    /** Whether a signal is ignored by this JVM, and so by the children it starts (Linux: /proc/self/status). */
    private static boolean ignoredByThisProcess(final int signal) throws IOException
    {
        for (final String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8))
        {
            if (line.startsWith("SigIgn:"))
            {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & 1L << signal - 1) != 0;
            }
        }
        return false;
    }

    private static void keytool(final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), "keytool " + String.join(" ", args) + ":\n" + output);
    }
}
