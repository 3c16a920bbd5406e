package dev.stockcore.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A shop's webhook receiver, run as a child JVM by the webhook tests: an HTTP(S) server that records each
 * request it accepts in a log file (forced to disk before it answers 2xx, as a shop's database would commit),
 * so that what it holds survives its own SIGKILL and restart.
 * <p>
 * Arguments: {@code LOG [--port P] [--fail-every K] [--close-every K] [--fail-first F] [--hold-at K]
 * [--secret-file FILE] [--tls KEYSTORE PASSWORD]}. Requests are counted from 1 per process, and on the K-th:
 * {@code --fail-every} answers 503, {@code --close-every} closes the connection without an answer,
 * {@code --fail-first} answers 503 to the first F, {@code --hold-at} records the request, then never answers (a
 * receiver that committed but whose answer is lost when the sender is killed), {@code --secret-file} answers
 * 401 to a request whose {@code X-Stockcore-Signature} is not the HMAC-SHA256 of its body with that key.
 * <p>
 * Prints on stdout, one line each: {@code LISTENING <port>} once it listens, then {@code ACCEPTED <key>},
 * {@code FAILED <key>}, {@code CLOSED <key>}, {@code REJECTED <key>} or {@code HOLDING <key>} per request.
 * A log line is {@code <Idempotency-Key> TAB <signature or -> TAB <Content-Type> TAB <body>}.
 */
public final class WebhookReceiverChild
{
    private final FileChannel log;
    private final PrintStream out;
    private final AtomicInteger requests = new AtomicInteger();
    private int failEvery;
    private int closeEvery;
    private int failFirst;
    private int holdAt;
    private byte[] secret;

    private WebhookReceiverChild(final Path log) throws IOException
    {
        cutTornTail(log);
        this.log = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        this.out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    }

    /**
     * @param args see the class comment.
     * @throws Exception if it cannot start.
     */
    public static void main(final String[] args) throws Exception
    {
        final WebhookReceiverChild receiver = new WebhookReceiverChild(Path.of(args[0]));
        int port = 0;
        Path keyStore = null;
        String password = null;
        for (int i = 1; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--fail-every" -> receiver.failEvery = Integer.parseInt(args[++i]);
                case "--close-every" -> receiver.closeEvery = Integer.parseInt(args[++i]);
                case "--fail-first" -> receiver.failFirst = Integer.parseInt(args[++i]);
                case "--hold-at" -> receiver.holdAt = Integer.parseInt(args[++i]);
                case "--secret-file" -> receiver.secret = Files.readAllBytes(Path.of(args[++i]));
                case "--tls" ->
                {
                    keyStore = Path.of(args[++i]);
                    password = args[++i];
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        final InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        final HttpServer server;
        if (keyStore != null)
        {
            final HttpsServer https = HttpsServer.create(address, 50);
            https.setHttpsConfigurator(new HttpsConfigurator(sslContext(keyStore, password.toCharArray())));
            server = https;
        }
        else
        {
            server = HttpServer.create(address, 50);
        }
        server.createContext("/", receiver::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        receiver.out.println("LISTENING " + server.getAddress().getPort());
    }

    /** A SIGKILL while recording can leave a last line without its end: what was not answered is dropped. */
    private static void cutTornTail(final Path log) throws IOException
    {
        if (!Files.exists(log))
        {
            return;
        }
        final byte[] bytes = Files.readAllBytes(log);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n')
        {
            end--;
        }
        if (end < bytes.length)
        {
            try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE))
            {
                channel.truncate(end);
                channel.force(true);
            }
        }
    }

    private static SSLContext sslContext(final Path keyStore, final char[] password) throws Exception
    {
        final KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore))
        {
            store.load(in, password);
        }
        final KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        final SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        final byte[] body = exchange.getRequestBody().readAllBytes();
        final int number = requests.incrementAndGet();
        final String key = String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
        final String signature = exchange.getRequestHeaders().getFirst("X-Stockcore-Signature");
        if (closeEvery > 0 && number % closeEvery == 0)
        {
            out.println("CLOSED " + key);
            exchange.close();
            return;
        }
        if (number <= failFirst || failEvery > 0 && number % failEvery == 0)
        {
            out.println("FAILED " + key);
            answer(exchange, 503);
            return;
        }
        if (secret != null && !signedWithSecret(body, signature))
        {
            out.println("REJECTED " + key);
            answer(exchange, 401);
            return;
        }
        record(key, signature, exchange.getRequestHeaders().getFirst("Content-Type"), body);
        if (number == holdAt)
        {
            out.println("HOLDING " + key);
            try
            {
                new CountDownLatch(1).await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            return;
        }
        out.println("ACCEPTED " + key);
        answer(exchange, 200);
    }

    private boolean signedWithSecret(final byte[] body, final String signature)
    {
        if (signature == null || !signature.startsWith("sha256="))
        {
            return false;
        }
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            final byte[] expected = mac.doFinal(body);
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature.substring("sha256=".length())));
        }
        catch (final Exception ex)
        {
            return false;
        }
    }

    private synchronized void record(final String key, final String signature, final String contentType,
        final byte[] body) throws IOException
    {
        final byte[] head = (key + "\t" + (signature == null ? "-" : signature) + "\t" + contentType + "\t")
            .getBytes(StandardCharsets.UTF_8);
        final ByteBuffer line = ByteBuffer.allocate(head.length + body.length + 1).put(head).put(body).put((byte)'\n');
        line.flip();
        while (line.hasRemaining())
        {
            log.write(line);
        }
        log.force(false);
    }

    private static void answer(final HttpExchange exchange, final int status) throws IOException
    {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }
}
