package dev.stockcore.cli;

import dev.stockcore.cli.WebhookFixture.Receiver;
import dev.stockcore.cli.WebhookFixture.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.stockcore.cli.WebhookFixture.received;
import static dev.stockcore.cli.WebhookFixture.receiver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code feed --webhook} options through the command line in this JVM: where it starts (cursor, {@code --from}),
 * and the one-line errors of wrong options and files.
 */
class WebhookCommandTest
{
    private static final String SCRIPT = "product A\nproduct B\nlink B A\nadjust A 10\nreserve 1 B 4\nproduct C\n" +
        "adjust C 3\nrelease 1\nadjust C -1\n";

    @TempDir
    Path dir;

    @Test
    void shouldResumeAfterTheCursorAndLetAnExplicitFromOverrideIt() throws Exception
    {
        final Path journal = journal();
        final Path cursor = dir.resolve("shop.cursor");
        final Path log = dir.resolve("received.log");
        try (Receiver receiver = receiver(log))
        {
            Files.writeString(cursor, "5\n");
            final CliRun afterCursor = CliRun.run("feed", "--journal", journal.toString(), "--webhook", receiver.url(),
                "--cursor", cursor.toString(), "--no-follow");
            assertEquals(0, afterCursor.status(), afterCursor::toString);
            assertEquals("", afterCursor.out());
            assertTrue(afterCursor.err().startsWith("stockcore feed: webhook " + receiver.url() + " from sequence 6 " +
                "(cursor " + cursor.toAbsolutePath() + ": 5), at most 500 changes per request\n"), afterCursor::toString);
            assertEquals(List.of("7-9"), keys(received(log)), "C at 7 is conflated into C at 9");
            assertEquals("[{\"sku\":\"A\",\"available\":10,\"sequence\":8}," +
                "{\"sku\":\"B\",\"available\":10,\"sequence\":8,\"source\":\"A\"}," +
                "{\"sku\":\"C\",\"available\":2,\"sequence\":9}]", received(log).get(0).body());
            assertEquals("9\n", Files.readString(cursor));

            final CliRun fromOne = CliRun.run("feed", "--journal", journal.toString(), "--webhook", receiver.url(),
                "--cursor", cursor.toString(), "--from", "1", "--batch", "2", "--no-follow");
            assertEquals(0, fromOne.status(), fromOne::toString);
            assertTrue(fromOne.err().contains(" from sequence 1 (cursor " + cursor.toAbsolutePath() + ": 9, " +
                "overridden by --from), at most 2 changes per request"), fromOne::toString);
            assertEquals(List.of("7-9", "4-5", "7-7", "8-8", "9-9"), keys(received(log)),
                "sequence 5 only updates A and B, so it joins 4; C at 7 would be a third SKU");
            assertEquals("9\n", Files.readString(cursor));
        }
    }

    @Test
    void shouldKeepTheDefaultCursorInTheJournalDirectory() throws Exception
    {
        final Path journal = journal();
        try (Receiver receiver = receiver(dir.resolve("received.log")))
        {
            final CliRun run = CliRun.run("feed", "--journal", journal.toString(), "--webhook", receiver.url(),
                "--no-follow");
            assertEquals(0, run.status(), run::toString);
        }
        assertEquals("9\n", Files.readString(journal.resolve("webhook.cursor")));
        assertEquals(0, CliRun.run("verify", "--journal", journal.toString()).status(), "the cursor file beside " +
            "the journal does not disturb it");
    }

    @Test
    void shouldRefuseABatchBelowOne()
    {
        final CliRun run = CliRun.run("feed", "--journal", journal().toString(), "--webhook", "http://127.0.0.1:9/",
            "--batch", "0");

        assertEquals(2, run.status());
        assertEquals("stockcore feed: a request holds at least 1 change: 0", run.errLines().get(0));
    }

    @Test
    void shouldRefuseWebhookOptionsWithoutAWebhook()
    {
        final CliRun run = CliRun.run("feed", "--journal", journal().toString(), "--cursor", "x.cursor");

        assertEquals(2, run.status());
        assertEquals("stockcore feed: --cursor, --batch and --secret-file go with --webhook URL", run.errLines().get(0));
    }

    @Test
    void shouldRefuseAUrlThatIsNotHttp()
    {
        final CliRun run = CliRun.run("feed", "--journal", journal().toString(), "--webhook", "ftp://shop/stock");

        assertEquals(2, run.status());
        assertEquals("stockcore feed: the webhook URL must be http://HOST[:PORT]/PATH or https://HOST[:PORT]/PATH: " +
            "ftp://shop/stock", run.errLines().get(0));
    }

    @Test
    void shouldNameAMissingSecretFileInOneLine()
    {
        final Path missing = dir.resolve("no-secret");

        final CliRun run = CliRun.run("feed", "--journal", journal().toString(), "--webhook", "http://127.0.0.1:9/",
            "--secret-file", missing.toString());

        assertEquals(2, run.status());
        assertEquals(List.of("stockcore feed: cannot read the webhook secret file " + missing +
            " (NoSuchFileException); pass a readable file holding the secret"), run.errLines());
    }

    @Test
    void shouldNameACursorFileThatDoesNotHoldASequence() throws Exception
    {
        final Path journal = journal();
        final Path cursor = Files.writeString(dir.resolve("bad.cursor"), "{\"sequence\": 4}\n");

        final CliRun run = CliRun.run("feed", "--journal", journal.toString(), "--webhook", "http://127.0.0.1:9/",
            "--cursor", cursor.toString());

        assertEquals(2, run.status());
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("stockcore feed: the webhook cursor " + cursor.toAbsolutePath() +
            " does not hold one movement sequence"), run::toString);
        assertFalse(run.err().contains("Exception"), run::toString);
    }

    private Path journal()
    {
        final Path journal = dir.resolve("j");
        if (!Files.exists(journal))
        {
            final CliRun script = CliRun.script(journal, SCRIPT);
            assertEquals(0, script.status(), script::toString);
        }
        return journal;
    }

    private static List<String> keys(final List<Received> received)
    {
        return received.stream().map(Received::key).toList();
    }
}
