package dev.stockcore.bench.report;

import dev.stockcore.bench.peak.PeakSeries;
import dev.stockcore.bench.peak.RateResult;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a peak series' histograms as HdrHistogram percentile distributions ({@code .hgrm}, values in
 * microseconds), one file per rate, named {@code <target>-<rate>.hgrm}; HdrHistogram's plotter and most latency
 * tools read them.
 */
public final class LatencyFiles
{
    private LatencyFiles()
    {
    }

    /**
     * @param dir    output directory, created if missing.
     * @param series the results.
     * @return the files written, in rate order.
     * @throws IOException if a file cannot be written.
     */
    public static List<Path> writeHgrm(final Path dir, final PeakSeries series) throws IOException
    {
        Files.createDirectories(dir);
        final List<Path> files = new ArrayList<>();
        for (final RateResult result : series.results())
        {
            final Path file = dir.resolve(series.target() + "-" + result.targetRate() + ".hgrm");
            writeHgrm(file, result.histogram());
            files.add(file);
        }
        return files;
    }

    /**
     * @param file      the file.
     * @param histogram latencies in nanoseconds.
     * @throws IOException if it cannot be written.
     */
    public static void writeHgrm(final Path file, final Histogram histogram) throws IOException
    {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8))
        {
            histogram.outputPercentileDistribution(out, 1_000.0);
        }
    }
}
