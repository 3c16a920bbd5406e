package dev.stockcore.engine.script;

import dev.stockcore.engine.MovementHandler;
import dev.stockcore.engine.StockEngine;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random, mostly broken lines: every command line gets exactly one output line, the engine agrees with
 * the reference model on each, and the state never breaks an invariant.
 */
class ScriptFuzzTest
{
    private static final String[] FRAGMENTS = {
        "product", "adjust", "count", "link", "unlink", "time", "reserve", "commit", "release", "level",
        "Product", "LEVEL", "A", "B", "C", "a", "ttl=", "ttl=5", "ttl=0", "ttl=-1", "ttl=x", "0", "1", "-1", "7",
        "1000000000", "1000000001", "1000000000000", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "00000000000000000005", "+5", "1e3", "1.5", "0.0001", "12.34567", ".5", "5.",
        "#", "=", "-", "_", "A.b-C_9", "\u00e9", "\u20ac", "\u0000", "x".repeat(64), "y".repeat(65), "\r", "\f"
    };

    @Test
    void shouldAnswerEveryLineOnceAndKeepInvariants() throws IOException
    {
        final Random random = new Random(7);
        final StockEngine engine = new StockEngine(MovementHandler.NONE);
        final ScriptRunner runner = new ScriptRunner(engine);
        final ReferenceModel model = new ReferenceModel();
        final StringBuilder script = new StringBuilder();
        int commandLines = 0;
        for (int i = 0; i < 100_000; i++)
        {
            final String line = randomLine(random);
            final String expected = model.apply(line);
            final CharSequence actual = runner.execute(line);
            assertEquals(expected, actual == null ? null : actual.toString(), "line " + i + ": " + line);
            assertNull(engine.checkInvariants(), "line " + i + ": " + line);
            script.append(line).append('\n');
            if (expected != null)
            {
                commandLines++;
            }
        }
        assertTrue(commandLines > 80_000, "command lines: " + commandLines);

        final StringBuilder output = new StringBuilder();
        final long commands = new ScriptRunner(new StockEngine(MovementHandler.NONE))
            .run(new StringReader(script.toString()), output);
        assertEquals(commandLines, commands);
        assertEquals(commandLines, output.chars().filter(c -> c == '\n').count());
    }

    private static String randomLine(final Random random)
    {
        final StringBuilder b = new StringBuilder();
        if (random.nextInt(20) == 0)
        {
            for (int i = random.nextInt(30); i > 0; i--)
            {
                b.append((char)(1 + random.nextInt(300)));
            }
            return b.toString().replace('\n', ' ');
        }
        final int tokens = random.nextInt(8);
        for (int i = 0; i < tokens; i++)
        {
            if (i > 0 || random.nextInt(10) == 0)
            {
                b.append(random.nextInt(4) == 0 ? "\t" : random.nextInt(6) == 0 ? "  " : " ");
            }
            b.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        }
        return b.toString();
    }
}
