package dev.stockcore.bench;

import dev.stockcore.bench.peak.PeakSeries;
import dev.stockcore.bench.peak.PeakSimulator;
import dev.stockcore.bench.peak.PeakTarget;
import dev.stockcore.bench.peak.PeakTargets;
import dev.stockcore.bench.report.LatencyChart;
import dev.stockcore.bench.report.LatencyFiles;
import dev.stockcore.bench.report.Summary;
import dev.stockcore.bench.workload.WorkloadModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./stockcore bench peak}: the open-loop peak simulator alone.
 */
@Command(
    name = "peak",
    description = "Runs the open-loop peak simulator: orders sent on a fixed schedule at each rate, latency " +
        "measured from each command's intended send time (coordinated omission corrected). Prints per rate the " +
        "achieved rate and p50..max, and the highest rate that held p99.9 < 1 ms; writes one .hgrm per rate, " +
        "latency-<target>.png and summary.json to the output directory.")
final class PeakCommand implements Callable<Integer>
{
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    private boolean help;

    @Option(names = "--rates", split = ",", converter = RateConverter.class, paramLabel = "RATE",
        description = "orders/s, ascending, e.g. 100k,250k,500k,1M,2M (default: the model's series, 100k..2M " +
            "for peak, 10k..200k for normal)")
    private List<Long> rates;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "2",
        description = "measured seconds per rate (default: ${DEFAULT-VALUE})")
    private double duration;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "1",
        description = "warm-up seconds at each rate before measuring (default: ${DEFAULT-VALUE})")
    private double warmUp;

    @Option(names = "--initial-warmup", paramLabel = "SECONDS", defaultValue = "2",
        description = "warm-up seconds at the first rate before the series (default: ${DEFAULT-VALUE})")
    private double initialWarmUp;

    @Option(names = "--model", paramLabel = "normal|peak", defaultValue = "peak",
        description = "workload model (default: ${DEFAULT-VALUE})")
    private String model;

    @Option(names = "--target", paramLabel = "NAME", defaultValue = PeakTargets.ENGINE,
        description = "engine, engine-journaled, in-jvm-locked or runtime (default: ${DEFAULT-VALUE})")
    private String target;

    @Option(names = "--until-saturated", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "after the last rate, keep doubling until the target saturates (default: ${DEFAULT-VALUE})")
    private boolean untilSaturated;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
        description = "seed of the order stream (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--out", paramLabel = "DIR",
        description = "output directory (default: bench-results/<timestamp>/)")
    private Path out;

    @Override
    public Integer call() throws Exception
    {
        final WorkloadModel workload = WorkloadModel.forName(model);
        final PeakSimulator.Context context = new PeakSimulator.Context()
            .model(workload)
            .initialWarmUp(seconds(initialWarmUp))
            .warmUp(seconds(warmUp))
            .duration(seconds(duration))
            .untilSaturated(untilSaturated)
            .platformMeter(true, Duration.ofSeconds(2))
            .seed(seed);
        if (rates != null)
        {
            context.rates(rates.stream().mapToLong(Long::longValue).toArray());
        }
        final Path dir = OutputDirectory.resolve(out);
        final PeakTarget peakTarget = PeakTargets.create(target, dir);
        final PeakSeries series = runAndWrite(context, peakTarget, dir, System.out);
        final Summary summary = new Summary().command("bench peak").addPeak(series);
        final Path summaryFile = summary.write(dir);
        System.out.println("wrote " + dir.toAbsolutePath() + " (" + series.results().size() + " .hgrm, " +
            "latency-" + series.target() + ".png, " + summaryFile.getFileName() + ")");
        return 0;
    }

    /**
     * Runs a series and writes its {@code <target>-<rate>.hgrm} files and {@code latency-<target>.png}.
     */
    static PeakSeries runAndWrite(
        final PeakSimulator.Context context, final PeakTarget target, final Path dir, final PrintStream progress)
        throws Exception
    {
        final PeakSeries series = new PeakSimulator(context.progress(progress)).run(target);
        LatencyFiles.writeHgrm(dir, series);
        LatencyChart.writePng(dir.resolve("latency-" + series.target() + ".png"), series);
        return series;
    }

    static Duration seconds(final double seconds)
    {
        if (!(seconds >= 0) || Double.isInfinite(seconds))
        {
            throw new IllegalArgumentException("seconds must be a finite value >= 0, got " + seconds);
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
