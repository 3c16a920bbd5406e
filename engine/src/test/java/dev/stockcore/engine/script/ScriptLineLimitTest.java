package dev.stockcore.engine.script;

import dev.stockcore.engine.MovementHandler;
import dev.stockcore.engine.StockEngine;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The line length limit at its edge: {@link ScriptRunner#MAX_LINE_LENGTH} characters are a line like any other,
 * one more is one {@code INVALID_COMMAND}, comment or not, with or without a final {@code \n}.
 */
class ScriptLineLimitTest
{
    @Test
    void shouldReadALineOfExactlyTheLimit() throws IOException
    {
        assertEquals("OK\n", run("#".repeat(ScriptRunner.MAX_LINE_LENGTH) + "\nproduct A\n"));
    }

    @Test
    void shouldAnswerInvalidCommandForOneCharacterOverTheLimit() throws IOException
    {
        assertEquals("INVALID_COMMAND\nOK\n", run("#".repeat(ScriptRunner.MAX_LINE_LENGTH + 1) + "\nproduct A\n"));
    }

    @Test
    void shouldAnswerInvalidCommandForALongCommandLine() throws IOException
    {
        final String longReserve = "reserve 1" + " A 1".repeat(ScriptRunner.MAX_LINE_LENGTH / 4);

        assertEquals("OK\nINVALID_COMMAND\nOK\n", run("product A\n" + longReserve + "\nproduct B\n"));
    }

    @Test
    void shouldAnswerInvalidCommandForALongLastLineWithoutNewline() throws IOException
    {
        assertEquals("OK\nINVALID_COMMAND\n", run("product A\n" + "x".repeat(ScriptRunner.MAX_LINE_LENGTH * 3)));
    }

    private static String run(final String script) throws IOException
    {
        final StringBuilder out = new StringBuilder();
        new ScriptRunner(new StockEngine(MovementHandler.NONE)).run(new StringReader(script), out);
        return out.toString();
    }
}
