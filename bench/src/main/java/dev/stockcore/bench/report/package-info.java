/**
 * What a benchmark run leaves behind: one {@code .hgrm} file per rate, the latency-by-percentile PNG chart, and
 * {@code summary.json}, written by hand with a small JSON writer. Depends on the peak package's results,
 * HdrHistogram and XChart; nothing here measures anything.
 */
package dev.stockcore.bench.report;
