package dev.stockcore.bench.report;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryTest
{
    @Test
    @SuppressWarnings("unchecked")
    void shouldWriteEveryRequiredFieldAsNullWhenNothingWasMeasured()
    {
        final Map<String, Object> json = (Map<String, Object>)TinyJson.parse(new Summary().toJson());

        assertTrue(json.containsKey("engine_ops_per_s"));
        assertNull(json.get("engine_ops_per_s"));
        assertTrue(json.containsKey("end_to_end_ops_per_s"));
        assertNull(json.get("end_to_end_ops_per_s"));
        assertTrue(json.containsKey("p999_us_at_500k"));
        assertNull(json.get("p999_us_at_500k"));
        final Map<String, Object> peers = (Map<String, Object>)json.get("peers");
        assertEquals(5, peers.size());
        for (final String peer : new String[] {
            "in_jvm_locked", "redis", "redis_aof_always", "redis_no_persistence", "postgresql"})
        {
            assertTrue(peers.containsKey(peer), peer);
            assertNull(peers.get(peer), peer);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldWriteMeasuredFiguresAsNumbers()
    {
        final Summary summary = new Summary()
            .engine(21_500_000.25)
            .peer("in_jvm_locked", new Summary.PeerFigure(1_234_567.0, 4, 1, 10, 0, ""))
            .command("bench \"quoted\"\n");

        final Map<String, Object> json = (Map<String, Object>)TinyJson.parse(summary.toJson());

        assertEquals(21_500_000.25, (Double)json.get("engine_ops_per_s"), 1e-9);
        assertEquals(1_234_567.0, (Double)((Map<String, Object>)json.get("peers")).get("in_jvm_locked"));
        assertEquals("bench \"quoted\"\n", json.get("command"));
    }

    @Test
    void shouldWriteNonFiniteNumbersAsNull()
    {
        final String json = new JsonWriter().beginObject()
            .name("nan").value(Double.NaN)
            .name("infinite").value(Double.POSITIVE_INFINITY)
            .name("empty").beginArray().endArray()
            .endObject().toString();

        assertEquals(Map.of("nan", "null", "infinite", "null"), Map.of(
            "nan", String.valueOf(((Map<?, ?>)TinyJson.parse(json)).get("nan")),
            "infinite", String.valueOf(((Map<?, ?>)TinyJson.parse(json)).get("infinite"))));
    }
}
