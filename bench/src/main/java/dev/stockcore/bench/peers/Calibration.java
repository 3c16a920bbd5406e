package dev.stockcore.bench.peers;

import java.util.Locale;

/**
 * The harness against the server's own benchmark tool, at the peer's best configuration: if the harness reaches
 * much less than the native tool, the ratios in the report measure the harness, not the server.
 *
 * @param peer             the peer's name.
 * @param harnessPerSecond server requests per second the harness drove at its best point
 *                         ({@link PeerRunResult#requestsPerSecond()}).
 * @param nativePerSecond  requests per second the native tool reached with the same reserve, or null when it did
 *                         not run.
 * @param command          the native tool's command line.
 * @param note             why the native tool did not run, or what differs; empty when nothing to say.
 */
public record Calibration(
    String peer, double harnessPerSecond, Double nativePerSecond, String command, String note)
{
    /** Below this share of the native tool, the report says why. */
    public static final double ACCEPTABLE_SHARE = 0.70;

    /**
     * @return harness over native, or NaN when the native tool did not run.
     */
    public double share()
    {
        return nativePerSecond == null || nativePerSecond <= 0 ? Double.NaN : harnessPerSecond / nativePerSecond;
    }

    /**
     * @return whether the harness reached at least {@link #ACCEPTABLE_SHARE} of the native tool.
     */
    public boolean acceptable()
    {
        return share() >= ACCEPTABLE_SHARE;
    }

    /**
     * @return e.g. {@code harness 41,000/s = 48% of native 85,000/s}.
     */
    public String summaryLine()
    {
        if (nativePerSecond == null)
        {
            return String.format(Locale.ROOT, "harness %,.0f requests/s; native tool did not run: %s",
                harnessPerSecond, note);
        }
        return String.format(Locale.ROOT, "harness %,.0f requests/s = %.0f%% of native %,.0f/s", harnessPerSecond,
            100 * share(), nativePerSecond);
    }
}
