package dev.stockcore.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TerminalProgressTest
{
    private final StringWriter written = new StringWriter();
    private final PrintWriter err = new PrintWriter(written);

    @Test
    void shouldShowPercentAndRateOnceTheReplayRunsForASecond()
    {
        final TerminalProgress progress = new TerminalProgress(err, "recover", true);

        progress.onProgress(100, 1000, 500, 500_000_000L);
        progress.onProgress(250, 1000, 3_000_000, 1_500_000_000L);

        assertEquals("\rrecover:  25% 3,000,000 movements, 2,000,000 movements/s", written.toString());
    }

    @Test
    void shouldRewriteTheLineAndEraseItAtTheEnd()
    {
        final TerminalProgress progress = new TerminalProgress(err, "verify", true);
        progress.onProgress(10, 10_000, 20_000_000, 2_000_000_000L);
        progress.onProgress(9_999, 10_000, 30_000_000, 3_000_000_000L);
        final String line = "verify:  99% 30,000,000 movements, 10,000,000 movements/s";
        written.getBuffer().setLength(0);

        progress.finish();

        assertEquals("\r" + " ".repeat(line.length()) + "\r", written.toString());
    }

    @Test
    void shouldPrintNothingWhenNotOnATerminal()
    {
        final TerminalProgress progress = new TerminalProgress(err, "recover", false);

        progress.onProgress(250, 1000, 3_000_000, 5_000_000_000L);
        progress.finish();

        assertEquals("", written.toString());
    }
}
