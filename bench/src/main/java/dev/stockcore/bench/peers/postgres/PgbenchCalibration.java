package dev.stockcore.bench.peers.postgres;

import dev.stockcore.bench.peers.Calibration;
import dev.stockcore.bench.peers.NativeTool;
import dev.stockcore.bench.peers.PeerRunResult;
import dev.stockcore.bench.workload.WorkloadModel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pgbench} with a custom script doing the peer's reserve (a conditional {@code UPDATE} of each holder's
 * stock in ascending holder order, the reservation lines' {@code INSERT}s, a durable commit), prepared statements,
 * the harness's best client count and the server configuration in force, against the same tables. The row
 * contention is the workload's: {@value #HOLDERS} holders per order (the peak model's mean) drawn by a Zipf law
 * with the workload's exponent (pgbench needs it above 1, else uniform), the first one replaced by one of the
 * shared sources for the workload's share of virtual orders. Hot rows locked across a commit's WAL flush are what
 * limits PostgreSQL here, so a script on uniform rows would measure another workload.
 */
public final class PgbenchCalibration
{
    private static final Pattern TPS = Pattern.compile("^tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final int MIN_SECONDS = 2;
    /** Holders per reservation in the script. */
    static final int HOLDERS = 3;

    private PgbenchCalibration()
    {
    }

    /**
     * @param peer             the peer, started, its server still running; its stock is topped up first.
     * @param best             the harness's best point.
     * @param model            the workload: physical products, sources, skew, share of virtual orders.
     * @param duration         how long pgbench runs (at least 2 s).
     * @param scriptDir        where the pgbench script is written.
     * @return the calibration; a native tool that could not run gives a null native figure and a note.
     * @throws InterruptedException when interrupted while waiting.
     */
    public static Calibration run(final PostgresPeer peer, final PeerRunResult best, final WorkloadModel model,
        final Duration duration, final Path scriptDir) throws InterruptedException
    {
        final double harness = best.requestsPerSecond();
        List<String> command = List.of("pgbench");
        try
        {
            peer.restockForCalibration();
            Files.createDirectories(scriptDir);
            final Path script = scriptDir.resolve("pgbench-reserve.sql");
            Files.writeString(script, script(model.physicalProducts(), model.sources(), model.zipfExponent(),
                model.virtualOrderShare()), StandardCharsets.UTF_8);
            command = command(peer.host(), peer.port(), peer.user(), peer.database(), best.clients(),
                Math.max(MIN_SECONDS, duration.toSeconds()), script);
            final Double rate = parseTps(NativeTool.run(command, Duration.ofMinutes(2).plus(duration)));
            return new Calibration(peer.name(), harness, rate, String.join(" ", command),
                rate == null ? "pgbench printed no tps line" : "");
        }
        catch (final IOException | SQLException ex)
        {
            return new Calibration(peer.name(), harness, null, String.join(" ", command), ex.getMessage());
        }
    }

    /**
     * @param physicalProducts products 0..n-1 that hold stock.
     * @param sources          products 0..sources-1 are the sources virtual products share.
     * @param zipfExponent     the workload's skew.
     * @param virtualShare     share of orders on a virtual product, 0..1.
     * @return the reserve transaction as a pgbench script.
     */
    static String script(final int physicalProducts, final int sources, final double zipfExponent,
        final double virtualShare)
    {
        // Popular products are drawn after the sources, so that the Zipf head and the shared sources are distinct
        // hot rows, as the workload's permuted popularity makes them.
        final int first = Math.min(sources, physicalProducts - 1);
        final String draw = zipfExponent > 1.0 ?
            String.format(Locale.ROOT, "%d + random_zipfian(0, %d, %.3f)", first, physicalProducts - 1 - first,
                zipfExponent) :
            String.format(Locale.ROOT, "random(%d, %d)", first, physicalProducts - 1);
        final StringBuilder script = new StringBuilder();
        for (int h = 1; h <= HOLDERS; h++)
        {
            script.append("\\set d").append(h).append(' ').append(draw).append('\n');
        }
        script.append(String.format(Locale.ROOT, "\\set v random(1, 10000)\n"));
        script.append(String.format(Locale.ROOT, "\\set d1 case when :v <= %d then random(0, %d) else :d1 end\n",
            Math.round(virtualShare * 10_000), Math.max(0, sources - 1)));
        // Ascending lock order, as the peer locks its holders: no deadlocks between concurrent reserves.
        script.append("\\set h1 least(:d1, :d2, :d3)\n");
        script.append("\\set h3 greatest(:d1, :d2, :d3)\n");
        script.append("\\set h2 :d1 + :d2 + :d3 - :h1 - :h3\n");
        script.append("\\set id random(1, 4000000000000000000)\n");
        script.append("BEGIN;\n");
        for (int h = 1; h <= HOLDERS; h++)
        {
            script.append("UPDATE products SET reserved = reserved + 1 WHERE id = :h").append(h)
                .append(" AND physical - reserved >= 1;\n");
        }
        for (int h = 1; h <= HOLDERS; h++)
        {
            script.append("INSERT INTO reservations (id, line, product, holder, qty, state) VALUES (:id, ")
                .append(h - 1).append(", :h").append(h).append(", :h").append(h).append(", 1, 'held');\n");
        }
        script.append("COMMIT;\n");
        return script.toString();
    }

    /**
     * @return the pgbench command line.
     */
    static List<String> command(final String host, final int port, final String user, final String database,
        final int clients, final long seconds, final Path script)
    {
        final int threads = Math.max(1, Math.min(clients, Runtime.getRuntime().availableProcessors()));
        return List.of("pgbench", "-h", host, "-p", Integer.toString(port), "-U", user, "-n", "-M", "prepared",
            "-c", Integer.toString(clients), "-j", Integer.toString(threads), "-T", Long.toString(seconds),
            "-f", script.toString(), database);
    }

    /**
     * @param stdout pgbench's report.
     * @return transactions per second without connection time, or null when no line carries it.
     */
    static Double parseTps(final List<String> stdout)
    {
        for (final String line : stdout)
        {
            final Matcher matcher = TPS.matcher(line.trim());
            if (matcher.find())
            {
                return Double.parseDouble(matcher.group(1));
            }
        }
        return null;
    }
}
