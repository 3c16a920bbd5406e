package dev.stockcore.bench.report;

import dev.stockcore.bench.peak.PeakSeries;

import java.io.PrintStream;
import java.util.Map;

/**
 * Prints a run's tables: the headline figures with their goals; the like-for-like table, where each row group
 * (durable when the client is told OK, or memory only) puts the stockcore figure, each peer's best, the goal and
 * the ratio side by side, ratios only within a group; the calibration of the harness against each server's own
 * tool; and, labelled as an extra, the old engine core over peer ratios.
 */
public final class HeadlineReport
{
    /** Goal: engine core reserve+commit pairs per second on one thread. */
    public static final double GOAL_ENGINE_OPS = 20_000_000;
    /** Goal: journaled end-to-end reservations per second. */
    public static final double GOAL_END_TO_END_OPS = 2_000_000;
    /** Goal: p99.9 at 500,000 orders per second, in µs. */
    public static final double GOAL_P999_MICROS = 50;
    /** Goal: bytes allocated per operation (JMH rounds its own bookkeeping to a few thousandths). */
    public static final double GOAL_BYTES_PER_OP = 0.01;
    /** Goal: times Redis. */
    public static final double GOAL_TIMES_REDIS = 10;
    /** Goal: times PostgreSQL. */
    public static final double GOAL_TIMES_POSTGRESQL = 200;

    private static final String ROW = "%-46s %-14s %-16s %-4s %s%n";

    private HeadlineReport()
    {
    }

    /**
     * @param out     where.
     * @param summary the run's figures.
     */
    public static void print(final PrintStream out, final Summary summary)
    {
        out.println();
        out.printf(ROW, "figure", "goal", "measured", "met", "");
        out.printf(ROW, "-".repeat(46), "-".repeat(14), "-".repeat(16), "----", "");
        final Double engine = summary.engineOpsPerSecond();
        out.printf(ROW, "engine core: reserve+commit pairs/s, 1 thread", ">= 20,000,000", count(engine),
            met(engine, engine != null && engine >= GOAL_ENGINE_OPS), "JMH, no journal");
        final Summary.JmhFigure worst = summary.worstAllocation();
        out.printf(ROW, "allocation per operation (JMH -prof gc)", "0 B/op",
            worst == null ? "not measured" : String.format("%.3f B/op", worst.bytesPerOp()),
            met(worst, worst != null && worst.bytesPerOp() < GOAL_BYTES_PER_OP),
            worst == null ? "" : "worst: " + worst.benchmark() + "; -prof gc counts every thread");
        final Double endToEnd = summary.endToEndOpsPerSecond();
        out.printf(ROW, "journaled end to end: reservations/s", ">= 2,000,000", count(endToEnd),
            met(endToEnd, endToEnd != null && endToEnd >= GOAL_END_TO_END_OPS), summary.endToEndNote());
        final Double p999 = summary.p999MicrosAtHeadlineRate();
        out.printf(ROW, "p99.9 at 500,000 orders/s, open loop", "< 50 us",
            p999 == null ? "-" : String.format("%.1f us", p999),
            met(p999, p999 != null && p999 < GOAL_P999_MICROS), p999 == null ? "500,000/s did not run unsaturated" :
                "engine on the generator thread, latency from intended send time");
        for (final PeakSeries series : summary.peak())
        {
            final long held = series.highestRateHeld();
            out.printf(ROW, "highest rate with p99.9 < 1 ms", "-", held > 0 ? String.format("%,d/s", held) : "none",
                "", series.target());
        }
        LikeForLikeTable.print(out, summary);
        printCalibration(out, summary);

        out.println();
        out.println("extra, not like for like: engine core pairs/s (one thread, JMH, in memory, no clients) over " +
            "each peer's best reservations/s (each committed or released), same run");
        out.printf("%-16s %16s %-14s %14s  %s%n", "peer", "best res/s", "at", "engine/peer", "note");
        for (final Map.Entry<String, Summary.PeerFigure> entry : summary.peers().entrySet())
        {
            final Summary.PeerFigure peer = entry.getValue();
            final double peerRatio = ratio(engine, peer);
            final String at = peer.reservationsPerSecond() == null ? "-" :
                peer.clients() + " cl x depth " + peer.depth();
            String note = peer.note();
            if (peer.oversold() > 0)
            {
                note = "OVERSOLD " + peer.oversold() + " of " + peer.oversellChecked() + " products checked; " + note;
            }
            else if (peer.oversellChecked() > 0)
            {
                note = "no oversell in " + peer.oversellChecked() + " products checked" +
                    (note.isEmpty() ? "" : "; " + note);
            }
            out.printf("%-16s %16s %-14s %14s  %s%n", entry.getKey(), count(peer.reservationsPerSecond()), at,
                times(peerRatio), note);
        }
    }

    private static void printCalibration(final PrintStream out, final Summary summary)
    {
        out.println();
        out.println("calibration: the harness at each peer's best point against the server's own tool running the " +
            "same reserve (requests/s: reserves, commits and releases for the harness)");
        for (final String name : Summary.CALIBRATED_PEERS)
        {
            final Summary.CalibrationFigure figure = summary.calibrations().get(name);
            if (figure == null)
            {
                out.printf("  %-12s not run%n", name);
                continue;
            }
            if (figure.nativePerSecond() == null)
            {
                out.printf("  %-12s harness %,.0f/s; native tool did not run: %s%n", name, figure.harnessPerSecond(),
                    figure.note());
                continue;
            }
            out.printf("  %-12s harness %,.0f/s, native %,.0f/s: %.0f%%%s%n", name, figure.harnessPerSecond(),
                figure.nativePerSecond(), 100 * figure.harnessPerSecond() / figure.nativePerSecond(),
                figure.note().isEmpty() ? "" : "; " + figure.note());
        }
    }

    private static double ratio(final Double engine, final Summary.PeerFigure peer)
    {
        if (engine == null || peer == null || peer.reservationsPerSecond() == null ||
            peer.reservationsPerSecond() <= 0)
        {
            return Double.NaN;
        }
        return engine / peer.reservationsPerSecond();
    }

    private static String count(final Double value)
    {
        return value == null ? "-" : String.format("%,.0f", value);
    }

    private static String times(final double value)
    {
        return Double.isNaN(value) ? "-" : String.format("%,.1fx", value);
    }

    private static String met(final Object measured, final boolean met)
    {
        return measured == null ? "-" : met ? "yes" : "NO";
    }
}
