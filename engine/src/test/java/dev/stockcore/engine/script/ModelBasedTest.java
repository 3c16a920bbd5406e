package dev.stockcore.engine.script;

import dev.stockcore.engine.MemorySnapshot;
import dev.stockcore.engine.Result;
import dev.stockcore.engine.StockEngine;
import dev.stockcore.engine.movement.MovementDecoder;
import dev.stockcore.engine.movement.MovementKind;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Seeded random scripts run through the engine and through the deliberately simple {@link ReferenceModel};
 * every output line must match and every invariant must hold after every command, and replaying the
 * engine's movements onto an empty engine must give the same state hash.
 */
class ModelBasedTest
{
    private static final long RETENTION = 5_000;
    private static final String[] SKUS = { "A", "B", "C", "D", "E", "F", "G", "H" };

    @ParameterizedTest
    @ValueSource(longs = { 1L, 2L, 3L, 4L })
    void shouldMatchReferenceModelOnRandomCommands(final long seed)
    {
        run(seed, 60_000);
    }

    @Test
    void shouldMatchReferenceModelOnLongRun()
    {
        final Set<Result> seen = run(20261123L, 200_000);
        final Set<Result> engineResults = EnumSet.range(Result.OK, Result.LINE_NOT_FOUND);
        assertEquals(engineResults, seen, "the random commands must reach every result code the engine returns");
    }

    private static Set<Result> run(final long seed, final int commands)
    {
        final MovementLog log = new MovementLog();
        StockEngine engine = new StockEngine(log, 4, 4, RETENTION);
        ScriptRunner runner = new ScriptRunner(engine);
        final ReferenceModel model = new ReferenceModel(RETENTION);
        final LineGenerator generator = new LineGenerator(new Random(seed));
        final Set<Result> seen = EnumSet.noneOf(Result.class);

        for (int i = 0; i < commands; i++)
        {
            final String line = generator.next(model.time());
            final String expected = model.apply(line);
            final CharSequence actual = runner.execute(line);
            final String where = "seed " + seed + ", command " + i + ": " + line;
            assertEquals(expected, actual == null ? null : actual.toString(), where);
            if (expected != null && !expected.startsWith("physical="))
            {
                seen.add(Result.valueOf(expected));
            }
            assertNull(engine.checkInvariants(), where);
            for (final String sku : SKUS)
            {
                final int p = engine.productIndex(sku);
                if (p >= 0)
                {
                    assertEquals(model.available(sku), engine.available(p), where + " available " + sku);
                    assertEquals(model.physical(sku), engine.physical(p), where + " physical " + sku);
                    final int source = engine.source(p);
                    if (source >= 0)
                    {
                        assertEquals(engine.available(source), engine.available(p), where);
                    }
                }
            }
            long physical = 0;
            for (int p = 0; p < engine.productCount(); p++)
            {
                physical += engine.physical(p);
            }
            assertEquals(log.adjustedIn - log.committed, physical, where + " physical = adjusted - committed");
            assertEquals(model.totalAdjustedIn() - model.totalCommitted(), physical, where);
            if (i % 5_000 == 4_999)
            {
                assertEquals(engine.stateHash(), log.replay().stateHash(), where + " replay hash");
                // Carry on with an engine loaded from a snapshot: it must answer every later command the same.
                final StockEngine loaded = MemorySnapshot.of(engine).load(log, RETENTION);
                assertEquals(engine.stateHash(), loaded.stateHash(), where + " snapshot hash");
                assertNull(loaded.checkInvariants(), where);
                engine = loaded;
                runner = new ScriptRunner(engine);
            }
        }
        final StockEngine replayed = log.replay();
        assertEquals(engine.stateHash(), replayed.stateHash(), "replay hash at end, seed " + seed);
        assertEquals(engine.sequence(), replayed.sequence());
        assertNull(replayed.checkInvariants());
        return seen;
    }

    /** Keeps every batch the engine emits and sums stock movements. */
    static final class MovementLog implements dev.stockcore.engine.MovementHandler
    {
        final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer(1 << 20);
        final MovementDecoder decoder = new MovementDecoder();
        int length;
        long adjustedIn;
        long committed;

        @Override
        public void onBatch(final DirectBuffer buffer, final int offset, final int batchLength)
        {
            bytes.putBytes(length, buffer, offset, batchLength);
            for (decoder.wrapBatch(buffer, offset); decoder.next(); )
            {
                final MovementKind kind = decoder.kind();
                if (kind == MovementKind.ADJUSTED || kind == MovementKind.COUNTED)
                {
                    adjustedIn += decoder.quantity();
                }
                else if (kind == MovementKind.COMMITTED)
                {
                    committed += decoder.quantity();
                }
            }
            length += batchLength;
        }

        StockEngine replay()
        {
            final StockEngine engine = new StockEngine(null, 4, 4, RETENTION);
            for (int offset = 0; offset < length; offset += bytes.getInt(offset))
            {
                engine.applyBatch(bytes, offset);
            }
            return engine;
        }
    }

    /** Mostly well-formed commands over a small catalogue, with a sprinkle of malformed ones. */
    static final class LineGenerator
    {
        private final Random random;

        LineGenerator(final Random random)
        {
            this.random = random;
        }

        String next(final long now)
        {
            final int roll = random.nextInt(100);
            if (roll < 4)
            {
                return "product " + sku();
            }
            if (roll < 14)
            {
                return "adjust " + sku() + " " + (random.nextInt(40) - 12) + cost();
            }
            if (roll < 18)
            {
                return "count " + sku() + " " + random.nextInt(30) + cost();
            }
            if (roll < 22)
            {
                return "link " + sku() + " " + sku();
            }
            if (roll < 25)
            {
                return "unlink " + sku();
            }
            if (roll < 33)
            {
                final int step = random.nextInt(10) == 0 ? -5 : random.nextInt(800);
                return "time " + (now + step);
            }
            if (roll < 58)
            {
                final StringBuilder b = new StringBuilder("reserve ").append(id());
                if (random.nextInt(3) == 0)
                {
                    b.append(" ttl=").append(random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(2_000));
                }
                final int lines = 1 + random.nextInt(random.nextInt(20) == 0 ? 70 : 4);
                for (int i = 0; i < lines; i++)
                {
                    b.append(' ').append(sku()).append(' ').append(random.nextInt(30) == 0 ? 0 : 1 + random.nextInt(6));
                }
                return b.toString();
            }
            if (roll < 76)
            {
                final StringBuilder b = new StringBuilder("commit ").append(id());
                final int lines = random.nextInt(3);
                for (int i = 0; i < lines; i++)
                {
                    b.append(' ').append(sku()).append(' ').append(random.nextInt(4));
                }
                return b.toString();
            }
            if (roll < 88)
            {
                return "release " + id();
            }
            if (roll < 94)
            {
                return "level " + sku();
            }
            return malformed();
        }

        private String sku()
        {
            return random.nextInt(40) == 0 ? "Z" : SKUS[random.nextInt(SKUS.length)];
        }

        private long id()
        {
            return random.nextInt(50) == 0 ? 0 : 1 + random.nextInt(60);
        }

        private String cost()
        {
            return random.nextBoolean() ? "" : " " + random.nextInt(100) + (random.nextBoolean() ? "" : "." + random.nextInt(100));
        }

        private String malformed()
        {
            switch (random.nextInt(10))
            {
                case 0: return "";
                case 1: return "# comment " + random.nextInt();
                case 2: return "reserve " + id() + " " + sku() + " +5";
                case 3: return "Reserve 1 A 1";
                case 4: return "adjust " + sku() + " 1e3";
                case 5: return "commit " + id() + " " + sku();
                case 6: return "reserve " + id() + " " + sku() + " 1 ttl=5";
                case 7: return "level";
                case 8: return "  release\t" + id() + "\r";
                default: return "count A 5 1.23456";
            }
        }
    }
}
