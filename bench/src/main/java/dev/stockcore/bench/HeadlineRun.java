package dev.stockcore.bench;

import dev.stockcore.bench.jmh.JmhRunner;
import dev.stockcore.bench.peak.PeakSeries;
import dev.stockcore.bench.peak.PeakSimulator;
import dev.stockcore.bench.peak.PeakTarget;
import dev.stockcore.bench.peak.PeakTargets;
import dev.stockcore.bench.peers.InJvmLockedPeer;
import dev.stockcore.bench.peers.PeerLauncher;
import dev.stockcore.bench.peers.PeerLaunchers;
import dev.stockcore.bench.peers.PeerRunResult;
import dev.stockcore.bench.peers.PeerRunner;
import dev.stockcore.bench.peers.PeerServer;
import dev.stockcore.bench.peers.ReservationPeer;
import dev.stockcore.bench.report.HeadlineReport;
import dev.stockcore.bench.report.Summary;
import dev.stockcore.bench.workload.WorkloadModel;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The headline set of {@code ./stockcore bench}, in order: the engine JMH suites (one fork each, with the GC
 * profiler), a peak series on the engine, the end-to-end series when the runtime target exists
 * ({@link PeakTargets#endToEnd(Path)}), then every peer launcher's peer at its best concurrency with an oversell
 * check; then {@code summary.json} and the table. A step that cannot run is reported and the rest still runs.
 */
final class HeadlineRun
{
    private static final String ENGINE_PAIRS = "EngineCoreBenchmark.reserveCommit";
    private static final int REMOTE_OVERSELL_CHECKS = 1_000;

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
        }
        catch (final Exception ex)
        {
            out.println("end-to-end series failed: " + ex.getMessage());
            summary.endToEnd(null, "failed: " + ex.getMessage());
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
        final int[] clients = quick ? new int[] {1, 4} : PeerRunner.CLIENTS;
        final int[] depths = inProcess ? PeerRunner.IN_PROCESS_DEPTHS : PeerRunner.REMOTE_DEPTHS;
        final Duration warmUp = quick ? Duration.ofMillis(250) : Duration.ofMillis(500);
        final Duration measure = quick ? Duration.ofSeconds(1) : Duration.ofSeconds(2);
        try (PeerServer server = launcher.launch(dir.resolve("peers").resolve(launcher.name())))
        {
            final ReservationPeer peer = server.peer();
            final PeerRunner runner = new PeerRunner(WorkloadModel.peak(), 7);
            runner.setUp(peer);
            final PeerRunResult best = runner.best(peer, clients, depths, warmUp, measure, out);
            final PeerRunner.OversellCheck check = runner.checkNoOversell(
                peer, inProcess ? runner.catalogue().productCount() : REMOTE_OVERSELL_CHECKS);
            check.violations().forEach(violation -> out.println("  OVERSOLD: " + violation));
            summary.peer(launcher.name(), new Summary.PeerFigure(best.reservationsPerSecond(), best.clients(),
                best.depth(), check.checked(), check.violations().size(), ""));
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
