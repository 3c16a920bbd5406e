package dev.stockcore.bench.peak;

import dev.stockcore.bench.BenchCli;
import dev.stockcore.bench.report.TinyJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs {@code bench peak} as a user would, for about a second at a low rate on the engine, and checks what it
 * leaves in the output directory. Proves it works; measures nothing.
 */
class PeakSimulatorSmokeTest
{
    private static final byte[] PNG_SIGNATURE = {(byte)0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    @SuppressWarnings("unchecked")
    void shouldWriteHistogramsChartAndSummary(@TempDir final Path out) throws IOException
    {
        final int status = BenchCli.commandLine().execute("peak", "--target", "engine", "--model", "peak",
            "--rates", "2k", "--initial-warmup", "0.2", "--warmup", "0.2", "--duration", "1",
            "--no-until-saturated", "--out", out.toString());

        assertEquals(0, status);
        final Path hgrm = out.resolve("engine-2000.hgrm");
        assertTrue(Files.isRegularFile(hgrm), hgrm + " missing");
        final List<String> lines = Files.readAllLines(hgrm, StandardCharsets.UTF_8);
        assertTrue(lines.get(0).contains("Percentile"), lines.get(0));
        assertTrue(lines.get(lines.size() - 1).startsWith("#[Buckets"), lines.get(lines.size() - 1));

        final byte[] png = Files.readAllBytes(out.resolve("latency-engine.png"));
        assertTrue(png.length > 1_000);
        final byte[] signature = new byte[PNG_SIGNATURE.length];
        System.arraycopy(png, 0, signature, 0, signature.length);
        assertArrayEquals(PNG_SIGNATURE, signature);

        final Map<String, Object> summary = (Map<String, Object>)TinyJson.parse(
            Files.readString(out.resolve("summary.json"), StandardCharsets.UTF_8));
        for (final String field : new String[] {"engine_ops_per_s", "end_to_end_ops_per_s", "p999_us_at_500k"})
        {
            assertTrue(summary.containsKey(field), field);
        }
        final Map<String, Object> peers = (Map<String, Object>)summary.get("peers");
        assertTrue(peers.keySet().containsAll(List.of("in_jvm_locked", "redis", "postgresql")), peers.toString());
        final Map<String, Object> series = ((List<Map<String, Object>>)summary.get("peak")).get(0);
        final List<Map<String, Object>> rates = (List<Map<String, Object>>)series.get("rates");
        assertEquals(1, rates.size());
        assertEquals(2_000.0, rates.get(0).get("target_per_s"));
        assertTrue((Double)rates.get(0).get("p999_us") > 0);
    }
}
