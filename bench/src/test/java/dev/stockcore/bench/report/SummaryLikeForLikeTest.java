package dev.stockcore.bench.report;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryLikeForLikeTest
{
    private static Summary measured()
    {
        return new Summary()
            .engine(3_000_000.0)
            .endToEnd(1_200_000.0, "async")
            .runtimeSync(60_000.0, "sync")
            .peer("redis", new Summary.PeerFigure(20_000.0, 4, 16, 100, 0, ""))
            .peer("redis_aof_always", new Summary.PeerFigure(6_000.0, 16, 128, 100, 0, ""))
            .peer("redis_no_persistence", new Summary.PeerFigure(40_000.0, 4, 128, 100, 0, ""))
            .peer("postgresql", new Summary.PeerFigure(1_500.0, 64, 1, 100, 0, ""))
            .peer("in_jvm_locked", new Summary.PeerFigure(600_000.0, 2, 1, 100, 0, ""))
            .calibration("redis", new Summary.CalibrationFigure(40_000, 50_000.0, "redis-benchmark ...", ""))
            .peerGrid("redis", List.of(new Summary.GridPoint(1, 1, "", 5_000, 10_000),
                new Summary.GridPoint(4, 16, "", 20_000, 40_000)))
            .peerSettings("postgresql", "shared_buffers=1GB commit_delay=200");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> writtenAndParsed(final Summary summary) throws Exception
    {
        final Path dir = Files.createTempDirectory("stockcore-summary-test-");
        try
        {
            final Path file = summary.write(dir);
            return (Map<String, Object>)TinyJson.parse(Files.readString(file, StandardCharsets.UTF_8));
        }
        finally
        {
            Files.deleteIfExists(dir.resolve("summary.json"));
            Files.deleteIfExists(dir);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldWriteRatiosWithinEachRowGroup() throws Exception
    {
        final Map<String, Object> json = writtenAndParsed(measured());

        final Map<String, Object> ratios = (Map<String, Object>)json.get("ratios");
        assertEquals(List.of("durable", "memory"), List.copyOf(ratios.keySet()));
        final Map<String, Object> durable = (Map<String, Object>)ratios.get("durable");
        assertEquals(List.of("redis_aof_everysec", "redis_aof_always", "postgresql_sync"),
            List.copyOf(durable.keySet()));
        assertEquals(1_200_000.0 / 20_000.0, (Double)durable.get("redis_aof_everysec"), 1e-9);
        assertEquals(60_000.0 / 6_000.0, (Double)durable.get("redis_aof_always"), 1e-9);
        assertEquals(60_000.0 / 1_500.0, (Double)durable.get("postgresql_sync"), 1e-9);
        final Map<String, Object> memory = (Map<String, Object>)ratios.get("memory");
        assertEquals(List.of("redis_no_persistence", "in_jvm_locked"), List.copyOf(memory.keySet()));
        assertEquals(1_200_000.0 / 40_000.0, (Double)memory.get("redis_no_persistence"), 1e-9);
        assertEquals(1_200_000.0 / 600_000.0, (Double)memory.get("in_jvm_locked"), 1e-9);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldWriteNullRatioWhenPeerCouldNotRun() throws Exception
    {
        final Summary summary = measured()
            .peer("postgresql", new Summary.PeerFigure(null, 0, 0, 0, 0, "could not run: initdb failed"));

        final Map<String, Object> json = writtenAndParsed(summary);

        final Map<String, Object> durable = (Map<String, Object>)((Map<String, Object>)json.get("ratios"))
            .get("durable");
        assertTrue(durable.containsKey("postgresql_sync"));
        assertNull(durable.get("postgresql_sync"));
        assertEquals(10.0, (Double)durable.get("redis_aof_always"), 1e-9);
        assertNull(((Map<String, Object>)json.get("peers")).get("postgresql"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldWriteNullRatiosWhenStockcoreFigureIsMissing() throws Exception
    {
        final Summary summary = measured().runtimeSync(null, "failed");

        final Map<String, Object> durable = (Map<String, Object>)((Map<String, Object>)writtenAndParsed(summary)
            .get("ratios")).get("durable");

        assertNull(durable.get("redis_aof_always"));
        assertNull(durable.get("postgresql_sync"));
        assertEquals(60.0, (Double)durable.get("redis_aof_everysec"), 1e-9);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldWritePeerCalibrationForRedisAndPostgresql() throws Exception
    {
        final Map<String, Object> json = writtenAndParsed(measured());

        final Map<String, Object> calibration = (Map<String, Object>)json.get("peer_calibration");
        assertEquals(List.of("redis", "postgresql"), List.copyOf(calibration.keySet()));
        final Map<String, Object> redis = (Map<String, Object>)calibration.get("redis");
        assertEquals(List.of("harness_per_s", "native_per_s"), List.copyOf(redis.keySet()));
        assertEquals(40_000.0, (Double)redis.get("harness_per_s"), 1e-9);
        assertEquals(50_000.0, (Double)redis.get("native_per_s"), 1e-9);
        final Map<String, Object> postgres = (Map<String, Object>)calibration.get("postgresql");
        assertEquals(List.of("harness_per_s", "native_per_s"), List.copyOf(postgres.keySet()));
        assertNull(postgres.get("harness_per_s"));
        assertNull(postgres.get("native_per_s"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldKeepExistingFieldsAndAddNewPeers() throws Exception
    {
        final Map<String, Object> json = writtenAndParsed(measured());

        for (final String field : new String[] {"engine_ops_per_s", "end_to_end_ops_per_s", "p999_us_at_500k",
            "peers", "worst_bytes_per_op", "worst_bytes_per_op_benchmark", "end_to_end_note", "peer_details", "jmh",
            "peak", "machine", "command"})
        {
            assertTrue(json.containsKey(field), field);
        }
        final Map<String, Object> peers = (Map<String, Object>)json.get("peers");
        assertEquals(20_000.0, (Double)peers.get("redis"), 1e-9);
        assertEquals(6_000.0, (Double)peers.get("redis_aof_always"), 1e-9);
        assertEquals(40_000.0, (Double)peers.get("redis_no_persistence"), 1e-9);
        assertEquals(1_500.0, (Double)peers.get("postgresql"), 1e-9);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldWriteEachPeerGridWithItsBestPoint() throws Exception
    {
        final Map<String, Object> grids = (Map<String, Object>)writtenAndParsed(measured()).get("peer_grids");

        final Map<String, Object> redis = (Map<String, Object>)grids.get("redis");
        final List<Object> grid = (List<Object>)redis.get("grid");
        assertEquals(2, grid.size());
        final Map<String, Object> second = (Map<String, Object>)grid.get(1);
        assertEquals(4.0, ((Number)second.get("clients")).doubleValue());
        assertEquals(16.0, ((Number)second.get("depth")).doubleValue());
        final Map<String, Object> best = (Map<String, Object>)redis.get("best");
        assertEquals(20_000.0, (Double)best.get("reservations_per_s"), 1e-9);
        assertEquals(16.0, ((Number)best.get("depth")).doubleValue());
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldUseRuntimeThroughputWhenGivenAndNullForZero() throws Exception
    {
        final Summary summary = measured().runtimeAsync(2_000_000.0, "throughput");
        final Map<String, Object> ratios = (Map<String, Object>)writtenAndParsed(summary).get("ratios");
        assertEquals(100.0, (Double)((Map<String, Object>)ratios.get("durable")).get("redis_aof_everysec"), 1e-9);
        assertEquals(50.0, (Double)((Map<String, Object>)ratios.get("memory")).get("redis_no_persistence"), 1e-9);

        final Summary nothingHeld = measured().endToEnd(0.0, "no rate held");
        final Map<String, Object> zero = (Map<String, Object>)writtenAndParsed(nothingHeld).get("ratios");
        assertNull(((Map<String, Object>)zero.get("durable")).get("redis_aof_everysec"));
        assertNull(((Map<String, Object>)zero.get("memory")).get("in_jvm_locked"));
    }
}
