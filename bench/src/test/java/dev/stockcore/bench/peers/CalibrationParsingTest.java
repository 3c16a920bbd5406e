package dev.stockcore.bench.peers;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalibrationParsingTest
{
    @Test
    void shouldComputeShareOfNativeTool()
    {
        final Calibration calibration = new Calibration("redis", 35_000, 50_000.0, "redis-benchmark", "");

        assertEquals(0.70, calibration.share(), 1e-9);
        assertTrue(calibration.acceptable());
        assertEquals("harness 35,000 requests/s = 70% of native 50,000/s", calibration.summaryLine());
    }

    @Test
    void shouldNotAcceptBelowSeventyPercent()
    {
        assertFalse(new Calibration("redis", 34_999, 50_000.0, "redis-benchmark", "").acceptable());
    }

    @Test
    void shouldNotAcceptWhenNativeToolDidNotRun()
    {
        final Calibration calibration = new Calibration("postgresql", 1_000, null, "pgbench", "pgbench is not installed");

        assertFalse(calibration.acceptable());
        assertTrue(Double.isNaN(calibration.share()));
        assertTrue(calibration.summaryLine().contains("pgbench is not installed"));
    }
}
