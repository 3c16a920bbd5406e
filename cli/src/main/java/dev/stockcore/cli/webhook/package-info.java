/**
 * The stock webhook of {@code ./stockcore feed --webhook URL}: the journal's availability changes, gathered
 * into requests of at most N changes conflated per SKU ({@link dev.stockcore.cli.webhook.RequestAssembler}),
 * POSTed as a JSON array with an {@code Idempotency-Key} and an optional HMAC signature
 * ({@link dev.stockcore.cli.webhook.HttpWebhookTransport}, {@link dev.stockcore.cli.webhook.WebhookSignature}),
 * retried with capped exponential backoff ({@link dev.stockcore.cli.webhook.Backoff}) and resumed from a cursor
 * file written atomically after each delivery ({@link dev.stockcore.cli.webhook.CursorFile}).
 * {@link dev.stockcore.cli.webhook.WebhookDelivery} runs the loop with its sleeper and transport injected, so
 * that tests decide on the delays chosen, never on elapsed time. Depends on the journal's feed and the JDK's
 * {@code java.net.http} client only; the {@code feed} command in {@code dev.stockcore.cli} is its one user.
 */
package dev.stockcore.cli.webhook;
