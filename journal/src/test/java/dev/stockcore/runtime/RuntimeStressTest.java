package dev.stockcore.runtime;

import dev.stockcore.engine.EngineLimits;
import dev.stockcore.engine.OrderLines;
import dev.stockcore.engine.Result;
import dev.stockcore.engine.StockEngine;
import dev.stockcore.engine.movement.MovementDecoder;
import dev.stockcore.engine.movement.MovementKind;
import dev.stockcore.journal.Journal;
import org.agrona.collections.LongHashSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Four producer threads, 2,000,000 mixed commands on hot SKUs and shared stock through the runtime; then the
 * journal is replayed on one thread and compared with what the producers were told.
 */
class RuntimeStressTest
{
    private static final int PRODUCERS = 4;
    private static final int COMMANDS_PER_PRODUCER = 500_000;
    private static final int PHYSICAL = 200;
    private static final int HOT = 10;
    private static final int CONSUMERS = 40;
    private static final int MAX_IN_FLIGHT = 512;

    @TempDir
    Path dir;

    @Test
    void shouldJournalEveryAcknowledgementAndNeverOversellUnderConcurrentLoad()
    {
        assertTimeoutPreemptively(Duration.ofMinutes(3), this::run);
    }

    private void run() throws Exception
    {
        final StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)
            .expectedProducts(PHYSICAL + CONSUMERS).expectedReservations(1 << 20));
        for (int p = 0; p < PHYSICAL; p++)
        {
            assertEquals(Result.OK, runtime.addProduct("A" + p));
            assertEquals(Result.OK, runtime.adjust(p, 1_000, EngineLimits.NO_COST));
        }
        for (int c = 0; c < CONSUMERS; c++)
        {
            assertEquals(Result.OK, runtime.addProduct("V" + c));
            assertEquals(Result.OK, runtime.link(PHYSICAL + c, c % HOT));
        }

        final List<Producer> producers = new ArrayList<>();
        for (int i = 0; i < PRODUCERS; i++)
        {
            producers.add(new Producer(runtime, i));
        }
        final List<Thread> threads = new ArrayList<>();
        for (final Producer producer : producers)
        {
            final Thread thread = new Thread(producer, "producer-" + producer.index);
            threads.add(thread);
            thread.start();
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        runtime.close();
        final StockEngine live = runtime.engineAfterClose();

        final StockEngine replayed = new StockEngine(null, PHYSICAL + CONSUMERS, 1 << 20,
            EngineLimits.DEFAULT_RETENTION_MILLIS);
        final LongHashSet reserved = new LongHashSet();
        final LongHashSet committed = new LongHashSet();
        final long[] adjustedIn = new long[PHYSICAL + CONSUMERS];
        final long[] committedOut = new long[PHYSICAL + CONSUMERS];
        final MovementDecoder decoder = new MovementDecoder();
        try (Journal journal = Journal.openForReading(dir))
        {
            journal.read(-1, (index, buffer, offset, length) ->
            {
                replayed.applyBatch(buffer, offset);
                decoder.wrapBatch(buffer, offset);
                while (decoder.next())
                {
                    final MovementKind kind = decoder.kind();
                    if (kind == MovementKind.RESERVED)
                    {
                        reserved.add(decoder.reservationId());
                    }
                    else if (kind == MovementKind.COMMITTED)
                    {
                        committed.add(decoder.reservationId());
                        committedOut[decoder.holder()] += decoder.quantity();
                    }
                    else if (kind == MovementKind.ADJUSTED)
                    {
                        adjustedIn[decoder.holder()] += decoder.quantity();
                    }
                }
                return true;
            });
        }

        assertEquals(live.stateHash(), replayed.stateHash(), "live state equals a single-threaded replay");
        assertNull(replayed.checkInvariants());
        long acknowledged = 0;
        for (final Producer producer : producers)
        {
            assertEquals(COMMANDS_PER_PRODUCER, producer.completed.get(), "every command answered");
            for (int k = 0; k < producer.okReserves.size(); k++)
            {
                assertTrue(reserved.contains(producer.okReserves.get(k)), "acknowledged reservation in the journal");
            }
            for (int k = 0; k < producer.okCommits.size(); k++)
            {
                assertTrue(committed.contains(producer.okCommits.get(k)), "acknowledged commit in the journal");
            }
            acknowledged += producer.okReserves.size();
        }
        assertTrue(acknowledged > 100_000, "the load really reserved: " + acknowledged);
        for (int p = 0; p < PHYSICAL; p++)
        {
            assertEquals(adjustedIn[p] - committedOut[p], replayed.physical(p), "stock conserved on " + p);
            assertTrue(replayed.reservedHeld(p) <= replayed.physical(p), "no oversell on " + p);
        }
    }

    private static final class Producer implements Runnable
    {
        final int index;
        final StockRuntime runtime;
        final byte[] results = new byte[COMMANDS_PER_PRODUCER];
        final long[] reservationOf = new long[COMMANDS_PER_PRODUCER];
        final byte[] kindOf = new byte[COMMANDS_PER_PRODUCER];
        final AtomicLong completed = new AtomicLong();
        final org.agrona.collections.LongArrayList okReserves = new org.agrona.collections.LongArrayList();
        final org.agrona.collections.LongArrayList okCommits = new org.agrona.collections.LongArrayList();

        Producer(final StockRuntime runtime, final int index)
        {
            this.runtime = runtime;
            this.index = index;
        }

        @Override
        public void run()
        {
            final StockClient client = runtime.newClient((correlationId, result) ->
            {
                results[(int)correlationId] = (byte)result.code();
                completed.lazySet(completed.get() + 1);
            });
            final SplittableRandom random = new SplittableRandom(42 + index);
            final OrderLines lines = new OrderLines();
            final OrderLines none = new OrderLines();
            final long[] open = new long[COMMANDS_PER_PRODUCER];
            int openHead = 0;
            int openTail = 0;
            int checked = 0;
            long nextReservation = (index + 1) * 1_000_000_000L;
            for (int i = 0; i < COMMANDS_PER_PRODUCER; i++)
            {
                while (i - completed.get() >= MAX_IN_FLIGHT)
                {
                    Thread.yield();
                }
                final long done = completed.get();
                for (; checked < done; checked++)
                {
                    if (results[checked] == Result.OK.code())
                    {
                        if (kindOf[checked] == 'r')
                        {
                            okReserves.add(reservationOf[checked]);
                            open[openTail++] = reservationOf[checked];
                        }
                        else if (kindOf[checked] == 'c')
                        {
                            okCommits.add(reservationOf[checked]);
                        }
                    }
                }
                final int roll = random.nextInt(100);
                if (openHead < openTail && roll < 35)
                {
                    final long id = open[openHead++];
                    reservationOf[i] = id;
                    if (roll < 28)
                    {
                        kindOf[i] = 'c';
                        client.commit(i, id, none);
                    }
                    else
                    {
                        kindOf[i] = 'x';
                        client.release(i, id);
                    }
                }
                else if (roll < 40)
                {
                    kindOf[i] = 'a';
                    client.adjust(i, random.nextInt(PHYSICAL), 20, EngineLimits.NO_COST);
                }
                else
                {
                    lines.clear();
                    final int lineCount = 1 + random.nextInt(3);
                    for (int l = 0; l < lineCount; l++)
                    {
                        final int pick = random.nextInt(100);
                        final int product = pick < 20 ? PHYSICAL + random.nextInt(CONSUMERS) :
                            pick < 70 ? random.nextInt(HOT) : random.nextInt(PHYSICAL);
                        lines.add(product, 1 + random.nextInt(3));
                    }
                    final long id = nextReservation++;
                    reservationOf[i] = id;
                    kindOf[i] = 'r';
                    client.reserve(i, id, roll < 45 ? 20 : EngineLimits.NO_TTL, lines);
                }
            }
            while (completed.get() < COMMANDS_PER_PRODUCER)
            {
                Thread.yield();
            }
            final long done = completed.get();
            for (; checked < done; checked++)
            {
                if (results[checked] == Result.OK.code())
                {
                    if (kindOf[checked] == 'r')
                    {
                        okReserves.add(reservationOf[checked]);
                    }
                    else if (kindOf[checked] == 'c')
                    {
                        okCommits.add(reservationOf[checked]);
                    }
                }
            }
        }
    }
}
