package dev.stockcore.cli;

import dev.stockcore.engine.Result;
import dev.stockcore.runtime.StockRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorsCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldSayNoErrorsForACleanRun()
    {
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)))
        {
            assertEquals(Result.OK, runtime.addProduct("A"));
        }
        final CliRun run = CliRun.run("errors", "--journal", dir.toString());
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("no runtime errors recorded"), run::toString);
    }

    @Test
    void shouldPrintTheErrorThatFailedTheRuntimeAndKeepItAfterARelaunch()
    {
        try (StockRuntime runtime = StockRuntime.launch(new StockRuntime.Context().journalDir(dir)
            .errorHandler(ex -> { })
            .commandHandler((type, correlationId) ->
            {
                throw new IllegalStateException("disk on fire");
            })))
        {
            assertEquals(Result.ENGINE_FAILED, runtime.addProduct("A"));
        }
        final CliRun failed = CliRun.run("errors", "--journal", dir.toString());
        assertEquals(1, failed.status(), failed::toString);
        assertTrue(failed.out().contains("current or last run"), failed::toString);
        assertTrue(failed.out().contains("1 observation(s)"), failed::toString);
        assertTrue(failed.out().contains("disk on fire"), failed::toString);

        StockRuntime.launch(new StockRuntime.Context().journalDir(dir)).close();
        final CliRun after = CliRun.run("errors", "--journal", dir.toString());
        assertEquals(1, after.status(), after::toString);
        assertTrue(after.out().contains("previous run"), after::toString);
        assertTrue(after.out().contains("disk on fire"), after::toString);
    }
}
