package dev.stockcore.bench.jmh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves that a JMH benchmark runs as the CLI runs it (programmatic runner, GC profiler), for about a second, in
 * this JVM (0 forks): not a measurement.
 */
class JmhSmokeTest
{
    @Test
    void shouldRunTheEngineCoreReserveCommitBenchmark(@TempDir final Path out) throws Exception
    {
        final Path log = out.resolve("jmh.log");
        final List<JmhRunner.Figure> figures = new JmhRunner()
            .include(EngineCoreBenchmark.class.getName() + ".reserveCommit$")
            .param("products", "1000")
            .forks(0)
            .iterations(0, 1, TimeValue.seconds(1))
            .output(log, out.resolve("jmh.json"))
            .run();

        assertEquals(1, figures.size());
        final JmhRunner.Figure figure = figures.get(0);
        assertEquals("EngineCoreBenchmark.reserveCommit [products=1000]", figure.benchmark());
        // A figure, not a speed: a busy machine may run it slowly, but it ran and was scored.
        assertTrue(figure.opsPerSecond() > 0 && Double.isFinite(figure.opsPerSecond()),
            "ops/s " + figure.opsPerSecond());
        assertNotNull(figure.bytesPerOp(), "the GC profiler gave no bytes per operation");
        assertTrue(figure.bytesPerOp() >= 0 && Double.isFinite(figure.bytesPerOp()), "B/op " + figure.bytesPerOp());
        assertTrue(Files.readString(log).contains("EngineCoreBenchmark.reserveCommit"), "JMH's log names the run");
        assertTrue(Files.size(out.resolve("jmh.json")) > 0);
    }
}
