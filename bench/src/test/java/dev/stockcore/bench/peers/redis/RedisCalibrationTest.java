package dev.stockcore.bench.peers.redis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RedisCalibrationTest
{
    @Test
    void shouldReadRateFromCsvOutput()
    {
        final List<String> stdout = List.of(
            "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\",\"p95_latency_ms\"",
            "\"EVALSHA fe67ec28 4 reservation:calibration:__rand_int__\",\"84033.61\",\"0.350\",\"0.120\"");

        assertEquals(84_033.61, RedisCalibration.parseCsv(stdout), 1e-9);
    }

    @Test
    void shouldReturnNullWithoutRateLine()
    {
        assertNull(RedisCalibration.parseCsv(List.of("Could not connect to Redis at 127.0.0.1:1")));
    }

    @Test
    void shouldSendReserveScriptWithFreshReservationKeyAndOneUnitPerHolder()
    {
        final List<String> command = RedisCalibration.command("127.0.0.1", 6379, 16, 128, 100_000, "abc",
            new String[] {"stock:calibration:0", "stock:calibration:1"});

        assertEquals(List.of("redis-benchmark", "-h", "127.0.0.1", "-p", "6379", "-c", "16", "-P", "128",
            "-n", "100000", "-r", "1000000000", "--csv", "EVALSHA", "abc", "3",
            "reservation:calibration:__rand_int__", "stock:calibration:0", "stock:calibration:1", "1", "1"),
            command);
    }

    @Test
    void shouldCountDigitsOfRespNumbers()
    {
        assertEquals(1, RedisSession.digitCount(0));
        assertEquals(2, RedisSession.digitCount(10));
        assertEquals(19, RedisSession.digitCount(Long.MAX_VALUE));
        assertEquals(2, RedisSession.digitCount(-1));
    }
}
