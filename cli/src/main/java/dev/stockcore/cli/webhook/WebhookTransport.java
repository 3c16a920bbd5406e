package dev.stockcore.cli.webhook;

import java.io.IOException;

/**
 * Sends one request to the receiver: {@link HttpWebhookTransport} over HTTP(S).
 */
@FunctionalInterface
public interface WebhookTransport
{
    /**
     * @param request the request.
     * @return the receiver's HTTP status code.
     * @throws IOException          if no answer came (refused, reset, closed, timed out, TLS failure).
     * @throws InterruptedException if the thread is interrupted while waiting for the answer.
     */
    int post(WebhookRequest request) throws IOException, InterruptedException;
}
