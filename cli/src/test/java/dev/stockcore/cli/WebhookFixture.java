package dev.stockcore.cli;

import dev.stockcore.engine.StockEngine;
import dev.stockcore.journal.Journal;
import dev.stockcore.journal.JournaledEngine;
import dev.stockcore.journal.Recovery;
import dev.stockcore.journal.feed.JournalFeed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the webhook tests share: the journals they deliver, the receiver child and what it recorded, and the
 * availability a receiver should end with.
 */
final class WebhookFixture
{
    static final Pattern OBJECT = Pattern.compile(
        "\\{\"sku\":\"([A-Za-z0-9._-]+)\",\"available\":(-?[0-9]+),\"sequence\":([0-9]+)(?:,\"source\":\"([A-Za-z0-9._-]+)\")?}");
    private static final Pattern ARRAY = Pattern.compile("\\[(" + OBJECT.pattern() + "(," + OBJECT.pattern() + ")*)?]");

    private WebhookFixture()
    {
    }

    /**
     * One request the receiver accepted.
     *
     * @param key         its Idempotency-Key.
     * @param signature   its X-Stockcore-Signature, or "-".
     * @param contentType its Content-Type.
     * @param body        its body.
     */
    record Received(String key, String signature, String contentType, String body)
    {
        long first()
        {
            return Long.parseLong(key.substring(0, key.indexOf('-')));
        }

        long last()
        {
            return Long.parseLong(key.substring(key.indexOf('-') + 1));
        }
    }

    /**
     * A script of shared stock under load: {@code products} products, a third as many virtual ones spread over
     * the first five, then {@code commands} random reserves, releases, commits, adjusts, counts and relinks.
     */
    static String peakScript(final long seed, final int products, final int commands)
    {
        final Random random = new Random(seed);
        final StringBuilder script = new StringBuilder();
        final int virtual = products / 3;
        for (int p = 0; p < products; p++)
        {
            script.append("product P").append(p).append('\n').append("adjust P").append(p).append(' ')
                .append(20 + p).append('\n');
        }
        final boolean[] linked = new boolean[virtual];
        for (int v = 0; v < virtual; v++)
        {
            script.append("product V").append(v).append('\n').append("link V").append(v).append(" P").append(v % 5)
                .append('\n');
            linked[v] = true;
        }
        final List<Integer> open = new ArrayList<>();
        int nextId = 1;
        for (int c = 0; c < commands; c++)
        {
            final double r = random.nextDouble();
            if (r < 0.35)
            {
                final String sku = random.nextBoolean() ? "P" + random.nextInt(products) : "V" + random.nextInt(virtual);
                script.append("reserve ").append(nextId).append(' ').append(sku).append(' ')
                    .append(1 + random.nextInt(3)).append('\n');
                open.add(nextId++);
            }
            else if (r < 0.55 && !open.isEmpty())
            {
                script.append("release ").append(open.remove(random.nextInt(open.size()))).append('\n');
            }
            else if (r < 0.70 && !open.isEmpty())
            {
                script.append("commit ").append(open.remove(random.nextInt(open.size()))).append('\n');
            }
            else if (r < 0.90)
            {
                script.append("adjust P").append(random.nextInt(products)).append(' ')
                    .append(random.nextBoolean() ? 1 + random.nextInt(4) : -1 - random.nextInt(4)).append('\n');
            }
            else if (r < 0.95)
            {
                final int v = random.nextInt(virtual);
                script.append(linked[v] ? "unlink V" + v : "link V" + v + " P" + random.nextInt(products)).append('\n');
                linked[v] = !linked[v];
            }
            else
            {
                script.append("count P").append(random.nextInt(products)).append(' ').append(random.nextInt(30))
                    .append('\n');
            }
        }
        return script.toString();
    }

    /** Starts a receiver child on {@code log} and waits until it listens. */
    static Receiver receiver(final Path log, final String... args) throws IOException, InterruptedException
    {
        final List<String> all = new ArrayList<>(List.of(log.toString()));
        all.addAll(List.of(args));
        final ChildJvm child = ChildJvm.start(List.of(), WebhookReceiverChild.class.getName(), all.toArray(new String[0]));
        final String listening = child.awaitLine(line -> line.startsWith("LISTENING "));
        return new Receiver(child, Integer.parseInt(listening.substring("LISTENING ".length())));
    }

    /** Starts {@code stockcore feed --journal DIR --webhook URL ARGS...} in a child JVM. */
    static ChildJvm webhook(final List<String> jvmFlags, final Path journal, final String url, final String... args)
        throws IOException
    {
        final List<String> all = new ArrayList<>(List.of("feed", "--journal", journal.toString(), "--webhook", url));
        all.addAll(List.of(args));
        return ChildJvm.start(jvmFlags, StockcoreCli.class.getName(), all.toArray(new String[0]));
    }

    /** @return the requests a receiver recorded, in order, over all its runs. */
    static List<Received> received(final Path log) throws IOException
    {
        final List<Received> received = new ArrayList<>();
        if (!Files.exists(log))
        {
            return received;
        }
        for (final String line : Files.readAllLines(log, StandardCharsets.UTF_8))
        {
            final String[] fields = line.split("\t", 4);
            assertEquals(4, fields.length, line);
            received.add(new Received(fields[0], fields[1], fields[2], fields[3]));
        }
        return received;
    }

    /**
     * Checks each request's form: a JSON array of change objects, at most {@code maxChanges}, one per SKU, and
     * a key naming the smallest (or an earlier, conflated) and the largest sequence in it.
     */
    static void assertWellFormed(final List<Received> received, final int maxChanges)
    {
        for (final Received request : received)
        {
            assertEquals("application/json", request.contentType(), request.key());
            assertTrue(ARRAY.matcher(request.body()).matches(), request.body());
            final Set<String> skus = new HashSet<>();
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            final Matcher object = OBJECT.matcher(request.body());
            while (object.find())
            {
                assertTrue(skus.add(object.group(1)), "one object per SKU in a request: " + request.body());
                final long sequence = Long.parseLong(object.group(3));
                min = Math.min(min, sequence);
                max = Math.max(max, sequence);
            }
            assertTrue(skus.size() >= 1 && skus.size() <= maxChanges, skus.size() + " changes in " + request.key());
            assertTrue(request.first() <= min && request.last() == max, "key " + request.key() + " for sequences " +
                min + ".." + max);
        }
    }

    /**
     * The availability a receiver holds that applies each object unless it already holds a newer sequence for
     * that SKU: de-duplication by sequence, which makes repeated deliveries harmless.
     */
    static Map<String, Long> availability(final List<Received> received)
    {
        final Map<String, long[]> latest = new HashMap<>();
        for (final Received request : received)
        {
            final Matcher object = OBJECT.matcher(request.body());
            while (object.find())
            {
                final long sequence = Long.parseLong(object.group(3));
                final long[] held = latest.get(object.group(1));
                if (held == null || held[1] <= sequence)
                {
                    latest.put(object.group(1), new long[] { Long.parseLong(object.group(2)), sequence });
                }
            }
        }
        final Map<String, Long> availability = new HashMap<>();
        latest.forEach((sku, held) -> availability.put(sku, held[0]));
        return availability;
    }

    /** @return every product's availability as recovery finds it in the journal. */
    static Map<String, Long> journalAvailability(final Path journal)
    {
        final Map<String, Long> availability = new HashMap<>();
        try (Journal opened = Journal.openForReading(journal))
        {
            final StockEngine engine = Recovery.recover(opened, new JournaledEngine.Context()::newEngine,
                Recovery.Progress.NONE).engine();
            final StringBuilder sku = new StringBuilder();
            for (int p = 0; p < engine.productCount(); p++)
            {
                sku.setLength(0);
                availability.put(engine.appendSku(p, sku).toString(), engine.available(p));
            }
        }
        return availability;
    }

    /** Every SKU of the journal has, at the receiver, its exact availability (never sent: 0, as registered). */
    static void assertReceiverHolds(final Map<String, Long> expected, final Map<String, Long> received)
    {
        for (final Map.Entry<String, Long> product : expected.entrySet())
        {
            assertEquals(product.getValue(), received.getOrDefault(product.getKey(), 0L),
                "availability of " + product.getKey() + " at the receiver");
        }
        assertTrue(expected.keySet().containsAll(received.keySet()), "no SKU the journal does not have");
    }

    /** @return the sequence of the last availability change in the journal (what a caught-up cursor says). */
    static long lastChangeSequence(final Path journal)
    {
        final long[] last = { -1 };
        try (Journal opened = Journal.openForReading(journal);
            JournalFeed feed = JournalFeed.open(new JournalFeed.Context().journal(opened)
                .availabilityHandler((replica, product, available, sequence) -> last[0] = sequence)))
        {
            feed.poll(Long.MAX_VALUE);
        }
        return last[0];
    }

    /** @return how many lines of the child start with {@code prefix}. */
    static long count(final ChildJvm child, final String prefix)
    {
        return child.count(line -> line.startsWith(prefix));
    }

    /**
     * A receiver child and its port.
     *
     * @param child the process.
     * @param port  where it listens.
     */
    record Receiver(ChildJvm child, int port) implements AutoCloseable
    {
        String url()
        {
            return "http://127.0.0.1:" + port + "/stock";
        }

        @Override
        public void close()
        {
            child.close();
        }
    }
}
