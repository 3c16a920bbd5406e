package dev.stockcore.bench.report;

import dev.stockcore.bench.peak.HiccupMeter;
import dev.stockcore.bench.peak.PeakSeries;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryPlatformTest
{
    @Test
    @SuppressWarnings("unchecked")
    void shouldWriteThePlatformPausesOfTheSeriesMeasuredBesideInMicroseconds()
    {
        final Histogram beside = HiccupMeter.newHistogram();
        for (int i = 0; i < 998; i++)
        {
            beside.recordValue(1_000);
        }
        beside.recordValue(5_000_000);
        beside.recordValue(5_000_000);
        final Histogram alone = HiccupMeter.newHistogram();
        alone.recordValue(90_000_000);
        final PeakSeries engine = new PeakSeries("engine-journaled", "peak");
        engine.platform(beside, "beside this series");
        final PeakSeries runtime = new PeakSeries("runtime", "peak");
        runtime.platform(alone, "alone for 2.0 s before this series");

        final Map<String, Object> json =
            (Map<String, Object>)TinyJson.parse(new Summary().addPeak(engine).addPeak(runtime).toJson());

        final Map<String, Object> platform = (Map<String, Object>)json.get("platform");
        assertEquals(3, platform.size(), platform.toString());
        assertEquals(1.0, (Double)platform.get("hiccup_p99_us"), 0.01);
        assertEquals(5000.0, (Double)platform.get("hiccup_p999_us"), 5.0, "3 significant digits");
        assertEquals(5000.0, (Double)platform.get("hiccup_max_us"), 5.0, "the alone run is not merged in");
        assertTrue(((String)json.get("platform_note")).startsWith("hiccup meter beside"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldWritePlatformFieldsAsNullWhenNothingMeasuredThem()
    {
        final Map<String, Object> json = (Map<String, Object>)TinyJson.parse(new Summary().toJson());

        final Map<String, Object> platform = (Map<String, Object>)json.get("platform");
        assertTrue(platform.containsKey("hiccup_p99_us"));
        assertNull(platform.get("hiccup_p99_us"));
        assertNull(platform.get("hiccup_p999_us"));
        assertNull(platform.get("hiccup_max_us"));
    }

    @Test
    void shouldRecordPausesWhileRunning() throws InterruptedException
    {
        final Histogram hiccups = HiccupMeter.newHistogram();
        try (HiccupMeter meter = HiccupMeter.start(hiccups))
        {
            // No verdict on time: wait for the meter to have passed a hundred deadlines, however slow.
            Thread.sleep(1);
            while (meter.deadlinesPassed() < 100)
            {
                Thread.onSpinWait();
            }
        }
        assertTrue(hiccups.getTotalCount() >= 100, "one sample per deadline at least: " + hiccups.getTotalCount());
        assertTrue(hiccups.getMinValue() >= 0);
    }
}
