package dev.stockcore.bench.report;

import dev.stockcore.bench.peak.PeakSeries;
import dev.stockcore.bench.peak.RateResult;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws peak series as a PNG: latency (µs, log scale, one fixed range for every chart so that charts compare)
 * by percentile, one line per rate, with horizontal goal lines at 50 µs and 1 ms and the machine, date and commit
 * in the title. The percentile axis is
 * stretched the way HdrHistogram's plotter does it: x is the number of nines, {@code log10(1 / (1 - p))}, so that
 * 90%, 99%, 99.9% and 99.99% are evenly spaced and the tail is readable; those levels are drawn as vertical
 * lines labelled at the bottom, where the curves rarely are. (XChart's tick-label formatting callbacks loop forever on such an axis in 3.8.8, hence the
 * annotations.)
 */
public final class LatencyChart
{
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 620;
    private static final String[] NINES = {"90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%"};
    private static final double Y_MIN_MICROS = 0.1;
    private static final double Y_MAX_MICROS = 10_000_000;
    private static final double GOAL_P999_MICROS = 50;
    private static final double GOAL_MAX_MICROS = 1_000;
    private static final double[] GOALS_MICROS = {GOAL_P999_MICROS, GOAL_MAX_MICROS};

    private LatencyChart()
    {
    }

    /**
     * @param file   the PNG to write.
     * @param series the results.
     * @throws IOException if it cannot be written.
     */
    public static void writePng(final Path file, final PeakSeries series) throws IOException
    {
        write(file, List.of(series), series.target() + ", open loop, " + RunInfo.describe(), false);
    }

    /**
     * One chart of several series (the engine and the runtime, ASYNC and SYNC) on one latency scale, each curve
     * labelled with its target and rate, with the goal lines.
     *
     * @param file   the PNG to write.
     * @param series the results.
     * @param run    machine, date and commit, for the title.
     * @throws IOException if it cannot be written.
     */
    public static void writeCombinedPng(final Path file, final List<PeakSeries> series, final String run)
        throws IOException
    {
        write(file, series, "engine and runtime, open loop, " + run, true);
    }

    private static void write(final Path file, final List<PeakSeries> seriesList, final String subject,
        final boolean labelTarget) throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        final XYChart chart = new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("Latency from intended send time by percentile: " + subject)
            .xAxisTitle("percentile, in nines (1 = 90%, 2 = 99%, 3 = 99.9%, 4 = 99.99%)")
            .yAxisTitle("latency (\u00b5s, log scale); goals: p99.9 < 50 \u00b5s at 500,000/s, < 1 ms")
            .build();
        final XYStyler styler = chart.getStyler();
        styler.setYAxisLogarithmic(true);
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setChartTitleFont(styler.getChartTitleFont().deriveFont(12f));
        // One fixed scale for every chart, so that engine and runtime charts compare at a glance.
        styler.setYAxisMin(Y_MIN_MICROS);
        styler.setYAxisMax(Y_MAX_MICROS);
        double bottom = Y_MIN_MICROS;
        double nines = 0;
        for (final PeakSeries series : seriesList)
        {
            for (final RateResult result : series.results())
            {
                final List<Double> x = new ArrayList<>();
                final List<Double> y = new ArrayList<>();
                for (final HistogramIterationValue value : result.histogram().percentiles(5))
                {
                    final double percentile = value.getPercentileLevelIteratedTo();
                    if (percentile >= 100.0)
                    {
                        break;
                    }
                    final double micros = Math.min(Y_MAX_MICROS,
                        Math.max(Y_MIN_MICROS, value.getValueIteratedTo() / 1_000.0));
                    x.add(Math.log10(100.0 / (100.0 - percentile)));
                    y.add(micros);
                    nines = Math.max(nines, x.get(x.size() - 1));
                }
                if (!x.isEmpty())
                {
                    chart.addSeries(String.format(Locale.ROOT, "%s%,d/s%s", labelTarget ? series.target() + " " : "",
                        result.targetRate(), result.saturated() ? " (saturated)" : ""), x, y)
                        .setMarker(SeriesMarkers.NONE);
                }
            }
        }
        if (chart.getSeriesMap().isEmpty())
        {
            chart.addSeries("no data", new double[] {0, 1}, new double[] {1, 1}).setMarker(SeriesMarkers.NONE);
        }
        for (final double goal : GOALS_MICROS)
        {
            chart.addAnnotation(new AnnotationLine(goal, false, false));
        }
        chart.addAnnotation(new AnnotationText("goal 50 \u00b5s", 0.35, GOAL_P999_MICROS * 1.25, false));
        chart.addAnnotation(new AnnotationText("goal 1 ms", 0.35, GOAL_MAX_MICROS * 1.25, false));
        for (int n = 1; n <= NINES.length && n <= nines; n++)
        {
            chart.addAnnotation(new AnnotationLine(n, true, false));
            chart.addAnnotation(new AnnotationText(NINES[n - 1], n, bottom, false));
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
