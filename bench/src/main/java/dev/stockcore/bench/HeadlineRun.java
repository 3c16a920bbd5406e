package dev.stockcore.bench;

import dev.stockcore.bench.jmh.JmhRunner;
import dev.stockcore.bench.peak.PeakSeries;
import dev.stockcore.bench.peak.PeakSimulator;
import dev.stockcore.bench.peak.PeakTarget;
import dev.stockcore.bench.peak.PeakTargets;
import dev.stockcore.bench.peak.RateResult;
import dev.stockcore.bench.peak.RuntimeTarget;
import dev.stockcore.bench.peers.Calibration;
import dev.stockcore.bench.peers.InJvmLockedPeer;
import dev.stockcore.bench.peers.PeerGrid;
import dev.stockcore.bench.peers.PeerLauncher;
import dev.stockcore.bench.peers.PeerLaunchers;
import dev.stockcore.bench.peers.PeerRunResult;
import dev.stockcore.bench.peers.PeerRunner;
import dev.stockcore.bench.peers.PeerServer;
import dev.stockcore.bench.peers.ReservationPeer;
import dev.stockcore.bench.peers.postgres.PgbenchCalibration;
import dev.stockcore.bench.peers.postgres.PostgresPeer;
import dev.stockcore.bench.peers.redis.RedisCalibration;
import dev.stockcore.bench.peers.redis.RedisPeer;
import dev.stockcore.bench.report.LatencyChart;
import dev.stockcore.bench.report.RunInfo;
import dev.stockcore.bench.report.HeadlineReport;
import dev.stockcore.bench.report.Summary;
import dev.stockcore.bench.workload.WorkloadModel;
import dev.stockcore.journal.Durability;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The headline set of {@code ./stockcore bench}, in order: the engine JMH suites (one fork each, with the GC
 * profiler), a peak series on the engine, the end-to-end series when the runtime target exists
 * ({@link PeakTargets#endToEnd(Path)}), a series on the runtime under SYNC, one chart of them all, then every
 * peer launcher's peer over its {@link PeerGrid} (PostgreSQL also with commit_delay tried) with an oversell check
 * and, for Redis (AOF everysec) and PostgreSQL, a calibration against the server's own tool; then
 * {@code summary.json} and the tables. A step that cannot run is reported and the rest still runs.
 */
final class HeadlineRun
{
    private static final String ENGINE_PAIRS = "EngineCoreBenchmark.reserveCommit";
    private static final int REMOTE_OVERSELL_CHECKS = 1_000;
    private static final int COMMIT_SIBLINGS = 5;
    private static final String THROUGHPUT_NOTE =
        "highest achieved rate of the open-loop series (saturated or not: throughput, as a peer's closed-loop best)";

    private final boolean quick;
    private final Path dir;
    private final PrintStream out;
    private final Summary summary = new Summary();

    HeadlineRun(final boolean quick, final Path dir, final PrintStream out)
    {
        this.quick = quick;
        this.dir = dir;
        this.out = out;
        summary.command(quick ? "bench --quick" : "bench");
    }

    int run() throws Exception
    {
        out.printf("stockcore bench%s: %d cores, %s %s; output in %s%n", quick ? " --quick" : "",
            Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
            System.getProperty("java.version"), dir.toAbsolutePath());
        out.println("Figures depend on the machine and on what else runs on it; on a shared machine they are " +
            "for orientation only.");
        runJmh();
        runPeak();
        runEndToEnd();
        runRuntimeSync();
        writeCombinedChart();
        boolean oversold = false;
        final List<PeerLauncher> launchers = PeerLaunchers.all();
        for (final PeerLauncher launcher : launchers)
        {
            oversold |= runPeer(launcher);
        }
        for (final String required : Summary.REQUIRED_PEERS)
        {
            if (launchers.stream().noneMatch(launcher -> launcher.name().equals(required)))
            {
                summary.peer(required, new Summary.PeerFigure(null, 0, 0, 0, 0, "no launcher in this build"));
            }
        }
        summary.write(dir);
        HeadlineReport.print(out, summary);
        out.println();
        out.println("wrote " + dir.toAbsolutePath() + " (summary.json, .hgrm per rate, latency PNG, jmh.json, " +
            "jmh.log)");
        return oversold ? 1 : 0;
    }

    private void runJmh() throws Exception
    {
        if (!JmhRunner.classPathReady())
        {
            out.println("engine core: not measured: this JVM's class path lacks jmh-core or the benchmark list " +
                "that JMH forks need; run it through ./stockcore bench");
            return;
        }
        final JmhRunner jmh = new JmhRunner().output(dir.resolve("jmh.log"), dir.resolve("jmh.json"));
        if (quick)
        {
            jmh.include("EngineCoreBenchmark.reserveCommit$").iterations(1, 2, TimeValue.seconds(1));
        }
        else
        {
            jmh.include("EngineCoreBenchmark")
                .include("SkuSkewBenchmark")
                .include("JournalAppendBenchmark")
                .include("ReplayBenchmark")
                .param("durability", "ASYNC")
                .iterations(2, 3, TimeValue.seconds(1));
        }
        out.println("JMH (1 fork per benchmark, -prof gc" + (quick ? ", engine core pairs only" : "") +
            "); full output in jmh.log...");
        final List<JmhRunner.Figure> figures = jmh.run();
        for (final JmhRunner.Figure figure : figures)
        {
            out.printf("  %-58s %,16.0f ops/s  %s%n", figure.benchmark(), figure.opsPerSecond(),
                figure.bytesPerOp() == null ? "" : String.format("%.3f B/op", figure.bytesPerOp()));
        }
        addJmhFigures(summary, figures);
    }

    /**
     * Adds JMH figures to a summary; the engine figure is {@code EngineCoreBenchmark.reserveCommit}.
     */
    static void addJmhFigures(final Summary summary, final List<JmhRunner.Figure> figures)
    {
        Double engine = null;
        for (final JmhRunner.Figure figure : figures)
        {
            summary.addJmh(new Summary.JmhFigure(figure.benchmark(), figure.opsPerSecond(), figure.bytesPerOp()));
            if (figure.benchmark().startsWith(ENGINE_PAIRS))
            {
                engine = figure.opsPerSecond();
            }
        }
        summary.engine(engine);
    }

    /**
     * The like-for-like figure of a runtime series: the highest rate it achieved, saturated or not. A saturated
     * rate's achieved rate is what the runtime delivers flat out, which is what a peer's closed-loop best is.
     */
    private static double throughput(final PeakSeries series)
    {
        double highest = 0;
        for (final RateResult result : series.results())
        {
            highest = Math.max(highest, result.achievedRate());
        }
        return highest;
    }

    private static Summary.GridPoint point(final PeerRunResult result, final String setting)
    {
        return new Summary.GridPoint(result.clients(), result.depth(), setting, result.reservationsPerSecond(),
            result.requestsPerSecond());
    }

    private static String commitDelaySetting(final int delayMicros)
    {
        return "commit_delay=" + delayMicros + " commit_siblings=" + COMMIT_SIBLINGS;
    }

    /**
     * Tries commit_delay values at the best client count (and at the most clients, where group commit has the
     * most to gain), leaves the server at the best setting for the calibration and returns the best result.
     */
    private PeerRunResult tryCommitDelays(final PostgresPeer peer, final PeerRunner runner, final PeerRunResult best,
        final Duration warmUp, final Duration measure, final List<PeerRunResult> results,
        final List<Summary.GridPoint> points) throws Exception
    {
        PeerRunResult overall = best;
        int bestDelay = 0;
        final int[] delays = quick ? new int[] {200, 1000} : new int[] {50, 200, 1000};
        final int most = PeerGrid.remote(false, quick).maxClients();
        final int[] clientCounts = best.clients() == most ? new int[] {most} : new int[] {best.clients(), most};
        for (final int delay : delays)
        {
            peer.commitDelay(delay, COMMIT_SIBLINGS);
            for (final int clients : clientCounts)
            {
                final PeerRunResult result = runner.run(peer, clients, 1, warmUp, measure);
                out.println("  " + result + " [" + commitDelaySetting(delay) + "]");
                results.add(result);
                points.add(point(result, commitDelaySetting(delay)));
                if (PeerGrid.best(List.of(overall, result)) == result)
                {
                    overall = result;
                    bestDelay = delay;
                }
            }
        }
        peer.commitDelay(bestDelay, COMMIT_SIBLINGS);
        final String settings = peer.settings();
        out.println("  best configuration: " + settings);
        summary.peerSettings(PostgresPeer.NAME, settings);
        return overall;
    }

    /**
     * Runs the server's own tool at the peer's best point and reports harness over native.
     */
    private void calibrate(final ReservationPeer peer, final PeerRunResult best, final Path workDir)
        throws InterruptedException
    {
        final Duration duration = quick ? Duration.ofSeconds(2) : Duration.ofSeconds(5);
        final WorkloadModel model = WorkloadModel.peak();
        final Calibration calibration;
        if (peer instanceof RedisPeer redis && RedisPeer.NAME.equals(redis.name()))
        {
            calibration = RedisCalibration.run(redis, best, (model.minLines() + model.maxLines() + 1) / 2, duration);
        }
        else if (peer instanceof PostgresPeer postgres)
        {
            calibration = PgbenchCalibration.run(postgres, best, model, duration, workDir);
        }
        else
        {
            return;
        }
        out.println("  calibration: " + calibration.summaryLine());
        out.println("    native: " + calibration.command());
        String note = calibration.note();
        if (calibration.nativePerSecond() != null && !calibration.acceptable())
        {
            final String why = String.format(Locale.ROOT, "below %.0f%%: at its best point the harness JVM used " +
                "%.2f of %d cores (order generation, client library encoding and decoding, one commit or release " +
                "per accepted order) on the machine the server shares; the native tool is a C client repeating " +
                "one pre-encoded request", 100 * Calibration.ACCEPTABLE_SHARE, best.harnessCpuCores(),
                Runtime.getRuntime().availableProcessors());
            out.println("    " + why);
            note = note.isEmpty() ? why : note + "; " + why;
        }
        summary.calibration(peer.name(), new Summary.CalibrationFigure(calibration.harnessPerSecond(),
            calibration.nativePerSecond(), calibration.command(), note));
    }

    private PeakSimulator.Context peakContext()
    {
        final PeakSimulator.Context context = new PeakSimulator.Context().model(WorkloadModel.peak())
            .platformMeter(true, quick ? Duration.ofSeconds(1) : Duration.ofSeconds(2));
        if (quick)
        {
            context.rates(100_000, 500_000, 1_000_000).untilSaturated(false)
                .initialWarmUp(Duration.ofSeconds(1)).warmUp(Duration.ofMillis(500)).duration(Duration.ofSeconds(1));
        }
        else
        {
            context.rates(100_000, 250_000, 500_000, 1_000_000, 2_000_000).untilSaturated(true)
                .initialWarmUp(Duration.ofSeconds(2)).warmUp(Duration.ofSeconds(1)).duration(Duration.ofSeconds(2));
        }
        return context;
    }

    private void runPeak()
    {
        out.println();
        try
        {
            final PeakTarget engine = PeakTargets.create(PeakTargets.ENGINE, dir);
            summary.addPeak(PeakCommand.runAndWrite(peakContext(), engine, dir, out));
        }
        catch (final Exception ex)
        {
            out.println("peak series on the engine failed: " + ex.getMessage());
        }
        out.println();
        try
        {
            // The engine and its journal on one thread: what the journal's tail costs, before the ring and agent.
            final PeakTarget journaled = PeakTargets.create(PeakTargets.ENGINE_JOURNALED, dir);
            summary.addPeak(PeakCommand.runAndWrite(peakContext(), journaled, dir, out));
        }
        catch (final Exception ex)
        {
            out.println("peak series on the journaled engine failed: " + ex.getMessage());
        }
    }

    private void runEndToEnd()
    {
        final Optional<PeakTarget> runtime = PeakTargets.endToEnd(dir.resolve("runtime"));
        if (runtime.isEmpty())
        {
            summary.endToEnd(null, "the runtime is not in this build (PeakTargets.endToEnd)");
            return;
        }
        out.println();
        try
        {
            final PeakSeries series = PeakCommand.runAndWrite(peakContext(), runtime.get(), dir, out);
            summary.addPeak(series);
            summary.endToEnd(series.highestAchievedUnsaturated(),
                "highest achieved rate of the open-loop series on the runtime that did not saturate");
            final double throughput = throughput(series);
            summary.runtimeAsync(throughput > 0 ? throughput : null, THROUGHPUT_NOTE + " under ASYNC");
        }
        catch (final Exception ex)
        {
            out.println("end-to-end series failed: " + ex.getMessage());
            summary.endToEnd(null, "failed: " + ex.getMessage());
            summary.runtimeAsync(null, "failed: " + ex.getMessage());
        }
    }

    /**
     * The runtime with its journal under SYNC (an msync per group commit before the acknowledgement): the
     * stockcore row of the durable group that Redis AOF always and PostgreSQL are compared with. Its rates start
     * lower than the ASYNC series', since every group waits for the disk.
     */
    private void runRuntimeSync()
    {
        out.println();
        final PeakSimulator.Context context = peakContext();
        if (quick)
        {
            context.rates(10_000, 50_000, 200_000, 500_000);
        }
        else
        {
            context.rates(10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000);
        }
        try
        {
            final PeakSeries series = PeakCommand.runAndWrite(context,
                new RuntimeTarget(dir.resolve("runtime-sync").resolve("runtime-journal"), Durability.SYNC), dir, out);
            summary.addPeak(series);
            final double throughput = throughput(series);
            summary.runtimeSync(throughput > 0 ? throughput : null, THROUGHPUT_NOTE + " under SYNC");
        }
        catch (final Exception ex)
        {
            out.println("runtime SYNC series failed: " + ex.getMessage());
            summary.runtimeSync(null, "failed: " + ex.getMessage());
        }
    }

    private void writeCombinedChart()
    {
        if (summary.peak().isEmpty())
        {
            return;
        }
        try
        {
            LatencyChart.writeCombinedPng(dir.resolve("latency.png"), summary.peak(), RunInfo.describe());
        }
        catch (final Exception ex)
        {
            out.println("latency chart failed: " + ex.getMessage());
        }
    }

    /**
     * @return true if the peer was found oversold.
     */
    private boolean runPeer(final PeerLauncher launcher)
    {
        out.println();
        out.println("peer " + launcher.name() + ":");
        final boolean inProcess = InJvmLockedPeer.NAME.equals(launcher.name());
        final boolean postgres = PostgresPeer.NAME.equals(launcher.name());
        final PeerGrid grid = inProcess ? PeerGrid.inProcess(quick) : PeerGrid.remote(!postgres, quick);
        final Duration warmUp = quick ? Duration.ofMillis(250) : Duration.ofMillis(500);
        final Duration measure = quick ? Duration.ofMillis(750) : Duration.ofSeconds(2);
        out.printf("  grid: %s, %d ms warm-up and %d ms measured per point%n", grid, warmUp.toMillis(),
            measure.toMillis());
        final Path workDir = dir.resolve("peers").resolve(launcher.name());
        try (PeerServer server = launcher.launch(workDir))
        {
            final ReservationPeer peer = server.peer();
            final PeerRunner runner = new PeerRunner(WorkloadModel.peak(), 7);
            runner.setUp(peer);
            final List<PeerRunResult> results = new ArrayList<>();
            final List<Summary.GridPoint> points = new ArrayList<>();
            String setting = "";
            if (peer instanceof PostgresPeer postgresPeer)
            {
                postgresPeer.commitDelay(0, COMMIT_SIBLINGS);
                final String settings = postgresPeer.settings();
                out.println("  configuration: " + settings);
                summary.peerSettings(launcher.name(), settings);
                setting = commitDelaySetting(0);
            }
            for (final PeerRunResult result : runner.grid(peer, grid, warmUp, measure, out))
            {
                results.add(result);
                points.add(point(result, setting));
            }
            PeerRunResult best = PeerGrid.best(results);
            if (peer instanceof PostgresPeer postgresPeer)
            {
                best = tryCommitDelays(postgresPeer, runner, best, warmUp, measure, results, points);
            }
            final PeerRunner.OversellCheck check = runner.checkNoOversell(
                peer, inProcess ? runner.catalogue().productCount() : REMOTE_OVERSELL_CHECKS);
            check.violations().forEach(violation -> out.println("  OVERSOLD: " + violation));
            out.println("  best: " + best);
            summary.peer(launcher.name(), new Summary.PeerFigure(best.reservationsPerSecond(), best.clients(),
                best.depth(), check.checked(), check.violations().size(), ""));
            summary.peerGrid(launcher.name(), points);
            calibrate(peer, best, workDir);
            return !check.ok();
        }
        catch (final Exception ex)
        {
            out.println("  could not run: " + ex.getMessage());
            summary.peer(launcher.name(),
                new Summary.PeerFigure(null, 0, 0, 0, 0, "could not run: " + ex.getMessage()));
            return false;
        }
    }
}
