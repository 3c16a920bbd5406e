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
 * Draws a peak series as a PNG: latency (µs, log scale) by percentile, one line per rate. The percentile axis is
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
        System.setProperty("java.awt.headless", "true");
        final XYChart chart = new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("Latency from intended send time by percentile: " + series.target() + ", open loop")
            .xAxisTitle("percentile, in nines (1 = 90%, 2 = 99%, 3 = 99.9%, 4 = 99.99%)")
            .yAxisTitle("latency (us, log scale)")
            .build();
        final XYStyler styler = chart.getStyler();
        styler.setYAxisLogarithmic(true);
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        double bottom = Double.MAX_VALUE;
        double nines = 0;
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
                final double micros = Math.max(0.001, value.getValueIteratedTo() / 1_000.0);
                x.add(Math.log10(100.0 / (100.0 - percentile)));
                y.add(micros);
                bottom = Math.min(bottom, micros);
                nines = Math.max(nines, x.get(x.size() - 1));
            }
            if (!x.isEmpty())
            {
                chart.addSeries(String.format(Locale.ROOT, "%,d/s%s", result.targetRate(),
                    result.saturated() ? " (saturated)" : ""), x, y).setMarker(SeriesMarkers.NONE);
            }
        }
        if (chart.getSeriesMap().isEmpty())
        {
            chart.addSeries("no data", new double[] {0, 1}, new double[] {1, 1}).setMarker(SeriesMarkers.NONE);
        }
        for (int n = 1; n <= NINES.length && n <= nines; n++)
        {
            chart.addAnnotation(new AnnotationLine(n, true, false));
            chart.addAnnotation(new AnnotationText(NINES[n - 1], n, bottom, false));
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
