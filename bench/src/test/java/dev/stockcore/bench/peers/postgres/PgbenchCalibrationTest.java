package dev.stockcore.bench.peers.postgres;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PgbenchCalibrationTest
{
    @Test
    void shouldReadTpsWithoutConnectionTime()
    {
        final List<String> stdout = List.of(
            "number of transactions actually processed: 19012",
            "latency average = 3.365 ms",
            "initial connection time = 12.345 ms",
            "tps = 9506.123456 (without initial connection time)");

        assertEquals(9_506.123456, PgbenchCalibration.parseTps(stdout), 1e-9);
    }

    @Test
    void shouldReturnNullWithoutTpsLine()
    {
        assertNull(PgbenchCalibration.parseTps(List.of("pgbench: error: connection refused")));
    }

    @Test
    void shouldLockHoldersInAscendingOrderWithWorkloadSkewAndSources()
    {
        final String script = PgbenchCalibration.script(100_000, 5, 1.1, 0.20);

        assertTrue(script.contains("\\set d1 5 + random_zipfian(0, 99994, 1.100)"), script);
        assertTrue(script.contains("\\set d1 case when :v <= 2000 then random(0, 4) else :d1 end"), script);
        assertTrue(script.contains("\\set h1 least(:d1, :d2, :d3)"), script);
        assertTrue(script.contains("\\set h3 greatest(:d1, :d2, :d3)"), script);
        assertEquals(PgbenchCalibration.HOLDERS, script.split("UPDATE products", -1).length - 1);
        assertEquals(PgbenchCalibration.HOLDERS, script.split("INSERT INTO reservations", -1).length - 1);
        assertTrue(script.endsWith("COMMIT;\n"), script);
    }

    @Test
    void shouldDrawUniformlyWhenSkewIsTooLowForPgbenchZipf()
    {
        assertTrue(PgbenchCalibration.script(1_000, 5, 0.6, 0.05).contains("\\set d1 random(5, 999)"));
    }

    @Test
    void shouldUsePreparedStatementsAndHarnessClients()
    {
        final List<String> command = PgbenchCalibration.command("127.0.0.1", 5432, "stockcore", "stockcore", 32, 5,
            Path.of("/tmp/reserve.sql"));

        assertEquals("pgbench", command.get(0));
        assertEquals("prepared", command.get(command.indexOf("-M") + 1));
        assertEquals("32", command.get(command.indexOf("-c") + 1));
        assertEquals("5", command.get(command.indexOf("-T") + 1));
        assertEquals("stockcore", command.get(command.size() - 1));
    }
}
