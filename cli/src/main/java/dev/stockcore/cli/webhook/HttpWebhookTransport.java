package dev.stockcore.cli.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * POSTs webhook requests with the JDK's {@link HttpClient}: HTTP/1.1 (no cleartext HTTP/2 upgrade for a
 * proxy to trip on), no redirects followed (a 3xx is an answer that is not 2xx, so it is retried and logged),
 * TLS for {@code https://} with the JVM's default trust store ({@code javax.net.ssl.trustStore} if set, else
 * the JDK's {@code cacerts}). A connection gets {@value #CONNECT_TIMEOUT_SECONDS} s to open and a request
 * {@value #REQUEST_TIMEOUT_SECONDS} s to be answered; past that it counts as a failure and is retried.
 * <p>
 * Headers: {@code Content-Type: application/json}, {@code Idempotency-Key: <first>-<last>}, and with a
 * secret {@code X-Stockcore-Signature: sha256=<hex>}. The response body is read and discarded.
 */
public final class HttpWebhookTransport implements WebhookTransport
{
    /** Seconds to open a connection. */
    public static final int CONNECT_TIMEOUT_SECONDS = 10;
    /** Seconds for the answer to a request. */
    public static final int REQUEST_TIMEOUT_SECONDS = 30;

    private final HttpClient client;
    private final URI url;
    private final WebhookSignature signature;

    /**
     * @param url       the receiver, {@code http://} or {@code https://}.
     * @param signature signs each body, or null to send none.
     */
    public HttpWebhookTransport(final URI url, final WebhookSignature signature)
    {
        this.url = url;
        this.signature = signature;
        this.client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS))
            .build();
    }

    @Override
    public int post(final WebhookRequest request) throws IOException, InterruptedException
    {
        final HttpRequest.Builder builder = HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(REQUEST_TIMEOUT_SECONDS))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", request.idempotencyKey())
            .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (signature != null)
        {
            builder.header(WebhookSignature.HEADER, signature.sign(request.body()));
        }
        return client.send(builder.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
