package dev.stockcore.bench.report;

import dev.stockcore.bench.peak.PeakSeries;
import dev.stockcore.bench.peak.RateResult;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one run, as written to {@code summary.json} so that runs can be compared. The fixed fields are
 * always there, a figure that could not be produced being {@code null}:
 * <pre>
 * {"engine_ops_per_s": n, "end_to_end_ops_per_s": n, "p999_us_at_500k": n,
 *  "peers": {"in_jvm_locked": n, "redis": n, "postgresql": n}, ...}
 * </pre>
 * followed by the details: the worst allocation per operation, every JMH figure, the peak series, each peer's best
 * concurrency and oversell check, and the machine.
 */
public final class Summary
{
    /** The rate whose p99.9 is a headline figure. */
    public static final long HEADLINE_RATE = 500_000L;
    /** Peers always present in {@code peers}, null until measured. */
    public static final List<String> REQUIRED_PEERS =
        List.of("in_jvm_locked", "redis", "redis_aof_always", "redis_no_persistence", "postgresql");
    /** Peers whose harness is calibrated against the server's own tool, as keys of {@code peer_calibration}. */
    public static final List<String> CALIBRATED_PEERS = List.of("redis", "postgresql");

    private String command = "";
    private Double engineOpsPerSecond;
    private Double endToEndOpsPerSecond;
    private String endToEndNote = "";
    private final Map<String, PeerFigure> peers = new LinkedHashMap<>();
    private final List<JmhFigure> jmh = new ArrayList<>();
    private final List<PeakSeries> peak = new ArrayList<>();
    private Double runtimeSyncOpsPerSecond;
    private Double runtimeAsyncOpsPerSecond;
    private String runtimeAsyncNote = "not run";
    private String runtimeSyncNote = "not run";
    private final Map<String, List<GridPoint>> peerGrids = new LinkedHashMap<>();
    private final Map<String, String> peerSettings = new LinkedHashMap<>();
    private final Map<String, CalibrationFigure> calibrations = new LinkedHashMap<>();

    /**
     * One measured point of a peer's grid.
     *
     * @param clients               client threads.
     * @param depth                 pipeline depth.
     * @param setting               server setting of the point (e.g. {@code commit_delay=0}), or empty.
     * @param reservationsPerSecond accepted reservations per second.
     * @param requestsPerSecond     server requests per second (reserves, commits and releases).
     */
    public record GridPoint(int clients, int depth, String setting, double reservationsPerSecond,
        double requestsPerSecond)
    {
    }

    /**
     * The harness against the server's own tool at the peer's best point.
     *
     * @param harnessPerSecond server requests per second the harness drove.
     * @param nativePerSecond  requests per second the native tool reached, or null if it did not run.
     * @param command          the native tool's command line.
     * @param note             why it did not run or what differs, or empty.
     */
    public record CalibrationFigure(double harnessPerSecond, Double nativePerSecond, String command, String note)
    {
    }

    /**
     * One peer's outcome.
     *
     * @param reservationsPerSecond best rate, or null if it could not run.
     * @param clients               client threads of the best rate.
     * @param depth                 pipeline depth of the best rate.
     * @param oversellChecked       products read back after the runs.
     * @param oversold              products found oversold.
     * @param note                  why it could not run, or empty.
     */
    public record PeerFigure(
        Double reservationsPerSecond, int clients, int depth, int oversellChecked, int oversold, String note)
    {
    }

    /**
     * One JMH benchmark's figure.
     *
     * @param benchmark   method name, with its parameters.
     * @param opsPerSecond primary score.
     * @param bytesPerOp  {@code gc.alloc.rate.norm}, or null without the GC profiler.
     */
    public record JmhFigure(String benchmark, double opsPerSecond, Double bytesPerOp)
    {
    }

    /**
     * Creates a summary with every required peer present and not measured.
     */
    public Summary()
    {
        for (final String name : REQUIRED_PEERS)
        {
            peers.put(name, new PeerFigure(null, 0, 0, 0, 0, "not run"));
        }
    }

    /**
     * @param command the command line that produced the run.
     * @return this.
     */
    public Summary command(final String command)
    {
        this.command = command;
        return this;
    }

    /**
     * @return the command line that produced the run.
     */
    public String command()
    {
        return command;
    }

    /**
     * @param figure a JMH figure.
     * @return this.
     */
    public Summary addJmh(final JmhFigure figure)
    {
        jmh.add(figure);
        return this;
    }

    /**
     * @return the JMH figures.
     */
    public List<JmhFigure> jmh()
    {
        return jmh;
    }

    /**
     * @param opsPerSecond engine core reserve+commit pairs per second, one thread, or null.
     * @return this.
     */
    public Summary engine(final Double opsPerSecond)
    {
        engineOpsPerSecond = opsPerSecond;
        return this;
    }

    /**
     * @return engine core pairs per second, or null.
     */
    public Double engineOpsPerSecond()
    {
        return engineOpsPerSecond;
    }

    /**
     * @return the JMH figure with the most bytes allocated per operation, or null if none was measured.
     */
    public JmhFigure worstAllocation()
    {
        JmhFigure worst = null;
        for (final JmhFigure figure : jmh)
        {
            if (figure.bytesPerOp() != null && (worst == null || figure.bytesPerOp() > worst.bytesPerOp()))
            {
                worst = figure;
            }
        }
        return worst;
    }

    /**
     * @param opsPerSecond journaled end-to-end reservations per second, or null.
     * @param note         how it was measured, or why it was not.
     * @return this.
     */
    public Summary endToEnd(final Double opsPerSecond, final String note)
    {
        endToEndOpsPerSecond = opsPerSecond;
        endToEndNote = note;
        return this;
    }

    /**
     * @return journaled end-to-end reservations per second, or null.
     */
    public Double endToEndOpsPerSecond()
    {
        return endToEndOpsPerSecond;
    }

    /**
     * @return how the end-to-end figure was measured, or why it was not.
     */
    public String endToEndNote()
    {
        return endToEndNote;
    }

    /**
     * @param series a peak series.
     * @return this.
     */
    public Summary addPeak(final PeakSeries series)
    {
        peak.add(series);
        return this;
    }

    /**
     * @return the peak series.
     */
    public List<PeakSeries> peak()
    {
        return peak;
    }

    /**
     * @return p99.9 in µs at {@link #HEADLINE_RATE} in the first peak series that ran it unsaturated, or null.
     */
    public Double p999MicrosAtHeadlineRate()
    {
        for (final PeakSeries series : peak)
        {
            final RateResult result = series.at(HEADLINE_RATE);
            if (result != null && !result.saturated())
            {
                return result.micros(99.9);
            }
        }
        return null;
    }

    /**
     * @param name   the peer's name.
     * @param figure its outcome.
     * @return this.
     */
    public Summary peer(final String name, final PeerFigure figure)
    {
        peers.put(name, figure);
        return this;
    }

    /**
     * @return every peer's outcome, required ones first.
     */
    public Map<String, PeerFigure> peers()
    {
        return peers;
    }

    /**
     * @param opsPerSecond reservations per second of the runtime with the journal under SYNC, or null.
     * @param note         how it was measured, or why it was not.
     * @return this.
     */
    public Summary runtimeSync(final Double opsPerSecond, final String note)
    {
        runtimeSyncOpsPerSecond = opsPerSecond;
        runtimeSyncNote = note;
        return this;
    }

    /**
     * @param opsPerSecond reservations per second of the runtime with the journal under ASYNC as the like-for-like
     *                     rows use it (its throughput), or null.
     * @param note         how it was measured, or why it was not.
     * @return this.
     */
    public Summary runtimeAsync(final Double opsPerSecond, final String note)
    {
        runtimeAsyncOpsPerSecond = opsPerSecond;
        runtimeAsyncNote = note;
        return this;
    }

    /**
     * @return the runtime's ASYNC figure of the like-for-like rows: the one given to {@link #runtimeAsync}, else
     *         {@link #endToEndOpsPerSecond()}.
     */
    public Double runtimeAsyncOpsPerSecond()
    {
        return runtimeAsyncOpsPerSecond != null ? runtimeAsyncOpsPerSecond : endToEndOpsPerSecond;
    }

    /**
     * @return reservations per second of the runtime under SYNC, or null.
     */
    public Double runtimeSyncOpsPerSecond()
    {
        return runtimeSyncOpsPerSecond;
    }

    /**
     * @return how the SYNC figure was measured, or why it was not.
     */
    public String runtimeSyncNote()
    {
        return runtimeSyncNote;
    }

    /**
     * @param name   the peer.
     * @param points every measured point of its grid.
     * @return this.
     */
    public Summary peerGrid(final String name, final List<GridPoint> points)
    {
        peerGrids.put(name, List.copyOf(points));
        return this;
    }

    /**
     * @return every peer's grid.
     */
    public Map<String, List<GridPoint>> peerGrids()
    {
        return peerGrids;
    }

    /**
     * @param name     the peer.
     * @param settings its server configuration, as printed.
     * @return this.
     */
    public Summary peerSettings(final String name, final String settings)
    {
        peerSettings.put(name, settings);
        return this;
    }

    /**
     * @return each peer's server configuration, as printed.
     */
    public Map<String, String> peerSettings()
    {
        return peerSettings;
    }

    /**
     * @param name   one of {@link #CALIBRATED_PEERS}.
     * @param figure the calibration.
     * @return this.
     */
    public Summary calibration(final String name, final CalibrationFigure figure)
    {
        calibrations.put(name, figure);
        return this;
    }

    /**
     * @return the calibrations made.
     */
    public Map<String, CalibrationFigure> calibrations()
    {
        return calibrations;
    }

    /**
     * The stockcore figure of the memory row group: the runtime without fsync. ASYNC never calls fsync (the
     * journal is a memory-mapped file the kernel writes back when it likes), so it is the same run as
     * {@link #runtimeAsyncOpsPerSecond()}.
     *
     * @return reservations per second, or null.
     */
    public Double memoryOpsPerSecond()
    {
        return runtimeAsyncOpsPerSecond();
    }

    /**
     * The like-for-like ratios: each row group's stockcore figure over a peer's best reservations per second.
     * Keys: {@code durable.redis_aof_everysec} (runtime ASYNC over Redis AOF everysec),
     * {@code durable.redis_aof_always} and {@code durable.postgresql_sync} (runtime SYNC over Redis AOF always and
     * PostgreSQL with synchronous commit), {@code memory.redis_no_persistence} and {@code memory.in_jvm_locked}
     * (the runtime without fsync over Redis without persistence and the in-JVM locked map).
     *
     * @return group to peer key to ratio, the ratio null when either figure is missing.
     */
    public Map<String, Map<String, Double>> ratios()
    {
        final Map<String, Double> durable = new LinkedHashMap<>();
        durable.put("redis_aof_everysec", ratio(runtimeAsyncOpsPerSecond(), "redis"));
        durable.put("redis_aof_always", ratio(runtimeSyncOpsPerSecond, "redis_aof_always"));
        durable.put("postgresql_sync", ratio(runtimeSyncOpsPerSecond, "postgresql"));
        final Map<String, Double> memory = new LinkedHashMap<>();
        memory.put("redis_no_persistence", ratio(memoryOpsPerSecond(), "redis_no_persistence"));
        memory.put("in_jvm_locked", ratio(memoryOpsPerSecond(), "in_jvm_locked"));
        final Map<String, Map<String, Double>> ratios = new LinkedHashMap<>();
        ratios.put("durable", durable);
        ratios.put("memory", memory);
        return ratios;
    }

    /**
     * @param stockcore a stockcore figure, or null.
     * @param peer      a peer's name.
     * @return the figure over the peer's best reservations per second, or null when either is missing or zero.
     */
    public Double ratio(final Double stockcore, final String peer)
    {
        final PeerFigure figure = peers.get(peer);
        if (stockcore == null || !(stockcore > 0) || figure == null || figure.reservationsPerSecond() == null ||
            !(figure.reservationsPerSecond() > 0))
        {
            return null;
        }
        return stockcore / figure.reservationsPerSecond();
    }

    private void writeLikeForLike(final JsonWriter json)
    {
        json.name("ratios").beginObject();
        for (final Map.Entry<String, Map<String, Double>> group : ratios().entrySet())
        {
            json.name(group.getKey()).beginObject();
            for (final Map.Entry<String, Double> entry : group.getValue().entrySet())
            {
                json.name(entry.getKey()).value(entry.getValue());
            }
            json.endObject();
        }
        json.endObject();
        json.name("peer_calibration").beginObject();
        for (final String name : CALIBRATED_PEERS)
        {
            final CalibrationFigure figure = calibrations.get(name);
            json.name(name).beginObject()
                .name("harness_per_s").value(figure == null ? null : figure.harnessPerSecond())
                .name("native_per_s").value(figure == null ? null : figure.nativePerSecond())
                .endObject();
        }
        json.endObject();
        json.name("peer_calibration_details").beginObject();
        for (final Map.Entry<String, CalibrationFigure> entry : calibrations.entrySet())
        {
            json.name(entry.getKey()).beginObject()
                .name("command").value(entry.getValue().command())
                .name("note").value(entry.getValue().note())
                .endObject();
        }
        json.endObject();
        json.name("runtime_async_ops_per_s").value(runtimeAsyncOpsPerSecond());
        json.name("runtime_async_note").value(runtimeAsyncNote);
        json.name("runtime_sync_ops_per_s").value(runtimeSyncOpsPerSecond);
        json.name("runtime_sync_note").value(runtimeSyncNote);
        json.name("peer_grids").beginObject();
        for (final Map.Entry<String, List<GridPoint>> entry : peerGrids.entrySet())
        {
            final PeerFigure best = peers.get(entry.getKey());
            json.name(entry.getKey()).beginObject()
                .name("settings").value(peerSettings.getOrDefault(entry.getKey(), ""));
            json.name("best").beginObject()
                .name("reservations_per_s").value(best == null ? null : best.reservationsPerSecond())
                .name("clients").value(best == null ? 0 : best.clients())
                .name("depth").value(best == null ? 0 : best.depth())
                .endObject();
            json.name("grid").beginArray();
            for (final GridPoint point : entry.getValue())
            {
                json.beginObject()
                    .name("clients").value(point.clients())
                    .name("depth").value(point.depth())
                    .name("setting").value(point.setting())
                    .name("reservations_per_s").value(point.reservationsPerSecond())
                    .name("requests_per_s").value(point.requestsPerSecond())
                    .endObject();
            }
            json.endArray().endObject();
        }
        json.endObject();
    }

    /**
     * @return the JSON document.
     */
    public String toJson()
    {
        final JsonWriter json = new JsonWriter().beginObject();
        json.name("engine_ops_per_s").value(engineOpsPerSecond);
        json.name("end_to_end_ops_per_s").value(endToEndOpsPerSecond);
        json.name("p999_us_at_500k").value(p999MicrosAtHeadlineRate());
        json.name("peers").beginObject();
        for (final Map.Entry<String, PeerFigure> peer : peers.entrySet())
        {
            json.name(peer.getKey()).value(peer.getValue().reservationsPerSecond());
        }
        json.endObject();
        final JmhFigure worst = worstAllocation();
        json.name("worst_bytes_per_op").value(worst == null ? null : worst.bytesPerOp());
        json.name("worst_bytes_per_op_benchmark").value(worst == null ? null : worst.benchmark());
        json.name("end_to_end_note").value(endToEndNote);
        json.name("peer_details").beginObject();
        for (final Map.Entry<String, PeerFigure> peer : peers.entrySet())
        {
            final PeerFigure figure = peer.getValue();
            json.name(peer.getKey()).beginObject()
                .name("reservations_per_s").value(figure.reservationsPerSecond())
                .name("clients").value(figure.clients())
                .name("depth").value(figure.depth())
                .name("oversell_checked_products").value(figure.oversellChecked())
                .name("oversold_products").value(figure.oversold())
                .name("note").value(figure.note())
                .endObject();
        }
        json.endObject();
        writeLikeForLike(json);
        json.name("jmh").beginArray();
        for (final JmhFigure figure : jmh)
        {
            json.beginObject()
                .name("benchmark").value(figure.benchmark())
                .name("ops_per_s").value(figure.opsPerSecond())
                .name("bytes_per_op").value(figure.bytesPerOp())
                .endObject();
        }
        json.endArray();
        json.name("peak").beginArray();
        for (final PeakSeries series : peak)
        {
            json.beginObject()
                .name("target").value(series.target())
                .name("model").value(series.model())
                .name("highest_rate_p999_under_1ms").value(series.highestRateHeld())
                .name("rates").beginArray();
            for (final RateResult result : series.results())
            {
                json.beginObject()
                    .name("target_per_s").value(result.targetRate())
                    .name("achieved_per_s").value(result.achievedRate())
                    .name("p50_us").value(result.micros(50))
                    .name("p90_us").value(result.micros(90))
                    .name("p99_us").value(result.micros(99))
                    .name("p999_us").value(result.micros(99.9))
                    .name("p9999_us").value(result.micros(99.99))
                    .name("max_us").value(result.maxMicros())
                    .name("commands").value(result.commands())
                    .name("rejected").value(result.rejected())
                    .name("unsent").value(result.unsent())
                    .name("saturated").value(result.saturated())
                    .endObject();
            }
            json.endArray().endObject();
        }
        json.endArray();
        final Histogram platform = platform();
        json.name("platform").beginObject()
            .name("hiccup_p99_us").value(platform == null ? null : micros(platform.getValueAtPercentile(99)))
            .name("hiccup_p999_us").value(platform == null ? null : micros(platform.getValueAtPercentile(99.9)))
            .name("hiccup_max_us").value(platform == null ? null : micros(platform.getMaxValue()))
            .endObject();
        json.name("platform_note").value(platformHow());
        json.name("machine").beginObject()
            .name("cores").value(Runtime.getRuntime().availableProcessors())
            .name("jdk").value(System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
            .name("os").value(System.getProperty("os.name") + " " + System.getProperty("os.version") + " " +
                System.getProperty("os.arch"))
            .endObject();
        json.name("command").value(command);
        return json.endObject().toString();
    }

    /**
     * The platform's pauses over the run: the series that measured beside themselves merged; if none could (every
     * target filled the cores), the measurements taken alone before them.
     *
     * @return the merged histogram in ns, or null if no series measured it.
     */
    public Histogram platform()
    {
        Histogram beside = null;
        Histogram alone = null;
        for (final PeakSeries series : peak)
        {
            final Histogram hiccups = series.platform();
            if (hiccups == null || hiccups.getTotalCount() == 0)
            {
                continue;
            }
            if (series.platformHow().startsWith("beside"))
            {
                beside = merge(beside, hiccups);
            }
            else
            {
                alone = merge(alone, hiccups);
            }
        }
        return beside != null ? beside : alone;
    }

    private String platformHow()
    {
        for (final PeakSeries series : peak)
        {
            if (series.platform() != null && series.platformHow().startsWith("beside"))
            {
                return "hiccup meter beside the peak series that left a core free";
            }
        }
        return platform() == null ? "not measured" : "hiccup meter alone before peak series that filled every core";
    }

    private static Histogram merge(final Histogram into, final Histogram add)
    {
        final Histogram merged = into == null ? add.copy() : into;
        if (into != null)
        {
            merged.add(add);
        }
        return merged;
    }

    private static double micros(final long nanos)
    {
        return Math.round(nanos / 100.0) / 10.0;
    }

    /**
     * Writes {@code summary.json}.
     *
     * @param dir output directory, created if missing.
     * @return the file.
     * @throws IOException if it cannot be written.
     */
    public Path write(final Path dir) throws IOException
    {
        Files.createDirectories(dir);
        final Path file = dir.resolve("summary.json");
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
        return file;
    }
}
