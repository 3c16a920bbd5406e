package dev.stockcore.journal;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import dev.stockcore.engine.StockEngine;

import java.util.SplittableRandom;

/**
 * A seeded stream of mixed commands on the Java API: products, restocks, shared-stock links, reservations
 * with and without ttl, commits, releases, time. Used by the journal tests and the crash-test child.
 */
final class RandomCommands
{
    private final SplittableRandom random;
    private final OrderLines lines = new OrderLines();
    private final int products;
    private long nextId;

    RandomCommands(final long seed, final int products, final long firstId)
    {
        this.random = new SplittableRandom(seed);
        this.products = products;
        this.nextId = firstId;
    }

    /** Registers the catalogue if the engine is new: a fifth of the products consume one of the first ten. */
    void setUp(final StockEngine engine)
    {
        for (int p = engine.productCount(); p < products; p++)
        {
            engine.addProduct("SKU-" + p);
            if (p >= 10 && p % 5 == 0)
            {
                engine.link(p, p % 10);
            }
            else
            {
                engine.adjust(p, 1_000, 10_000 + p);
            }
        }
    }

    /** @return the id the next reservation will use. */
    long nextId()
    {
        return nextId;
    }

    /**
     * Applies one random command.
     *
     * @return the id reserved if the command was an accepted reservation, else -1.
     */
    long step(final StockEngine engine)
    {
        final int roll = random.nextInt(100);
        if (roll < 45)
        {
            lines.clear();
            for (int n = 1 + random.nextInt(3); n > 0; n--)
            {
                lines.add(random.nextInt(products), 1 + random.nextInt(5));
            }
            final long id = nextId++;
            final long ttl = random.nextInt(4) == 0 ? 1 + random.nextInt(5_000) : EngineLimits.NO_TTL;
            return engine.reserve(id, ttl, lines) == Result.OK ? id : -1;
        }
        final long id = Math.max(1, nextId - 1 - random.nextInt(2_000));
        if (roll < 65)
        {
            engine.commit(id, lines.clear());
        }
        else if (roll < 70)
        {
            engine.commit(id, lines.clear().add(random.nextInt(products), 1));
        }
        else if (roll < 82)
        {
            engine.release(id);
        }
        else if (roll < 92)
        {
            engine.adjust(random.nextInt(products), 1 + random.nextInt(50), random.nextBoolean() ? 12_345 : -1);
        }
        else if (roll < 93)
        {
            final int p = random.nextInt(products);
            engine.count(p, engine.physical(p) + random.nextInt(10), EngineLimits.NO_COST);
        }
        else if (roll < 99)
        {
            engine.advanceTime(engine.time() + 1 + random.nextInt(20));
        }
        else
        {
            final int consumer = 10 + 5 * random.nextInt(Math.max(1, (products - 10) / 5));
            if (consumer < products)
            {
                if (engine.source(consumer) >= 0)
                {
                    engine.unlink(consumer);
                }
                else
                {
                    engine.link(consumer, random.nextInt(10));
                }
            }
        }
        return -1;
    }
}
