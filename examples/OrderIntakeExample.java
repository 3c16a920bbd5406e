import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import dev.stockcore.runtime.StockClient;
import dev.stockcore.runtime.StockRuntime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An order-intake service embedding stockcore: register products, share A's stock with B and C, take orders
 * from several request threads at once, pay some, and read availability for the shop.
 * <p>
 * Compiled and run by {@code OrderIntakeExampleTest}; run it yourself after {@code mvn -B -DskipTests package}:
 * <pre>
 * java $(cat journal/target/jvm-options) -cp "journal/target/classes:journal/target/lib/*" \
 *     examples/OrderIntakeExample.java /tmp/stock-journal
 * </pre>
 */
public final class OrderIntakeExample
{
    public static void main(final String[] args) throws Exception
    {
        final Path journal = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("stockcore-example");
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(journal)))
        {
            // Catalogue: A holds the stock, B and C are virtual (they sell A's stock), D is ordinary.
            // The blocking calls return once the command is journaled; a restart recovers all of this.
            for (final String sku : new String[] { "A", "B", "C", "D" })
            {
                runtime.addProduct(sku);
            }
            final int a = runtime.productIndex("A");
            final int b = runtime.productIndex("B");
            final int c = runtime.productIndex("C");
            final int d = runtime.productIndex("D");
            runtime.count(a, 1_000, 12_5000);           // 1,000 units at 12.50 (cost scaled by 10,000)
            runtime.count(d, 500, EngineLimits.NO_COST);
            runtime.link(b, a);
            runtime.link(c, a);

            // Request threads share one asynchronous client; the handler runs on the engine thread after the
            // journal append, so it only counts and signals (a real service would complete its HTTP response).
            final int threads = 4;
            final int ordersPerThread = 100;
            final AtomicLong reserved = new AtomicLong();
            final AtomicLong refused = new AtomicLong();
            final CountDownLatch answered = new CountDownLatch(threads * ordersPerThread);
            final StockClient client = runtime.newClient((correlationId, result) ->
            {
                (result == Result.OK ? reserved : refused).incrementAndGet();
                answered.countDown();
            });
            final Thread[] requestThreads = new Thread[threads];
            for (int t = 0; t < threads; t++)
            {
                final int thread = t;
                requestThreads[t] = new Thread(() ->
                {
                    final OrderLines lines = new OrderLines();   // one per thread, reused
                    for (int i = 0; i < ordersPerThread; i++)
                    {
                        final long orderId = thread * 1_000_000L + i + 1;
                        lines.clear().add(i % 2 == 0 ? b : c, 2).add(d, 1);   // an order for B reserves in A
                        client.reserve(orderId, orderId, 15 * 60_000L, lines);
                    }
                }, "request-" + t);
                requestThreads[t].start();
            }
            for (final Thread thread : requestThreads)
            {
                thread.join();
            }
            answered.await();

            // Payment arrives for the first order of each thread: commit it; cancel the second.
            for (int t = 0; t < threads; t++)
            {
                runtime.commit(t * 1_000_000L + 1, new OrderLines());
                runtime.release(t * 1_000_000L + 2);
            }

            // Lock-free reads, from any thread: what the shop shows, and what the stock webhook would post.
            System.out.println("reserved " + reserved.get() + " orders, refused " + refused.get());
            for (final String sku : new String[] { "A", "B", "C", "D" })
            {
                System.out.println(sku + " available " + runtime.available(sku));
            }
        }
    }
}
