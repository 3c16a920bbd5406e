package dev.stockcore.bench.peers.redis;

import dev.stockcore.bench.peers.Calibration;
import dev.stockcore.bench.peers.NativeTool;
import dev.stockcore.bench.peers.PeerRunResult;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code redis-benchmark} running the peer's own {@code reserve.lua} through EVALSHA with the harness's best
 * client count and pipeline depth, against the same server: a fresh reservation key per request
 * ({@code __rand_int__}) on stock hashes no run can exhaust, with as many holders per order as the workload's
 * mean, so every request takes the script's full path (check, then hold).
 */
public final class RedisCalibration
{
    private static final Pattern CSV_RPS = Pattern.compile("^\"[^\"]*\",\"([0-9.]+)\"");
    private static final int MIN_REQUESTS = 20_000;
    private static final int MAX_REQUESTS = 4_000_000;

    private RedisCalibration()
    {
    }

    /**
     * @param peer     the peer, started, its server still running.
     * @param best     the harness's best point.
     * @param holders  holders per reservation in the native run (the workload's mean, rounded).
     * @param duration about how long the native run should take, at the harness's rate.
     * @return the calibration; a native tool that could not run gives a null native figure and a note.
     * @throws InterruptedException when interrupted while waiting.
     */
    public static Calibration run(final RedisPeer peer, final PeerRunResult best, final int holders,
        final Duration duration) throws InterruptedException
    {
        final double harness = best.requestsPerSecond();
        final long requests = Math.max(MIN_REQUESTS,
            Math.min(MAX_REQUESTS, Math.round(harness * 2 * duration.toNanos() / 1e9)));
        final List<String> command = command(peer.host(), peer.port(), best.clients(), best.depth(), requests,
            peer.reserveSha(), peer.calibrationStockKeys(holders));
        try
        {
            final Double rate = parseCsv(NativeTool.run(command, Duration.ofMinutes(2)));
            return new Calibration(peer.name(), harness, rate, String.join(" ", command),
                rate == null ? "redis-benchmark printed no CSV rate" : "");
        }
        catch (final IOException ex)
        {
            return new Calibration(peer.name(), harness, null, String.join(" ", command), ex.getMessage());
        }
    }

    /**
     * @return the redis-benchmark command line.
     */
    static List<String> command(final String host, final int port, final int clients, final int depth,
        final long requests, final String sha, final String[] stockKeys)
    {
        final List<String> command = new ArrayList<>(List.of("redis-benchmark", "-h", host,
            "-p", Integer.toString(port), "-c", Integer.toString(clients), "-P", Integer.toString(depth),
            "-n", Long.toString(requests), "-r", "1000000000", "--csv",
            "EVALSHA", sha, Integer.toString(stockKeys.length + 1), "reservation:calibration:__rand_int__"));
        command.addAll(List.of(stockKeys));
        for (int i = 0; i < stockKeys.length; i++)
        {
            command.add("1");
        }
        return command;
    }

    /**
     * @param stdout redis-benchmark's {@code --csv} output: a header line, then {@code "TEST","RPS",...}.
     * @return requests per second, or null when no line carries one.
     */
    static Double parseCsv(final List<String> stdout)
    {
        Double rate = null;
        for (final String line : stdout)
        {
            final Matcher matcher = CSV_RPS.matcher(line.trim());
            if (matcher.find())
            {
                rate = Double.parseDouble(matcher.group(1));
            }
        }
        return rate;
    }
}
