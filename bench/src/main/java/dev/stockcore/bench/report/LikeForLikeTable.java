package dev.stockcore.bench.report;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The like-for-like table: stockcore and its peers in row groups by what is durable when the client is told OK.
 * The durable group compares the runtime with its journal (ASYNC against Redis AOF everysec, SYNC against Redis
 * AOF always and PostgreSQL with synchronous commit); the memory group compares the engine core and the runtime
 * without fsync against Redis without persistence and the in-JVM locked map. A ratio is only ever the stockcore
 * row of its own group over a peer of that group, as in {@link Summary#ratios()}.
 */
public final class LikeForLikeTable
{
    /** What the runtime under ASYNC has made durable at OK. */
    public static final String RUNTIME_ASYNC_DURABLE = "journal in page cache (mmap, no fsync): kill -9 safe";
    /** What the runtime under SYNC has made durable at OK. */
    public static final String RUNTIME_SYNC_DURABLE = "journal msync'd per group commit: survives power loss";
    /** What PostgreSQL with synchronous commit has made durable at OK. */
    public static final String POSTGRESQL_DURABLE = "WAL fsync'd at commit: survives power loss";
    /** What the in-memory systems have made durable at OK. */
    public static final String NOTHING_DURABLE = "nothing: memory only";

    private static final String ROW = "%-8s %-38s %-66s %-15s %14s %10s %-4s%n";

    private LikeForLikeTable()
    {
    }

    /**
     * One row: a system, its figure and, for a peer, its ratio within the group.
     *
     * @param group   {@code durable} or {@code memory}.
     * @param system  what was measured.
     * @param durable what is durable when the client is told OK.
     * @param goal    the goal, as printed.
     * @param figure  reservations (or pairs) per second, or null.
     * @param ratio   stockcore over this peer, or null for a stockcore row or a missing figure.
     * @param met     whether the goal is met, or null when there is no goal or no figure.
     */
    public record Row(String group, String system, String durable, String goal, Double figure, Double ratio,
        Boolean met)
    {
    }

    /**
     * @param summary the run's figures.
     * @return the rows in print order.
     */
    public static List<Row> rows(final Summary summary)
    {
        final Double async = summary.runtimeAsyncOpsPerSecond();
        final Double sync = summary.runtimeSyncOpsPerSecond();
        final Double memory = summary.memoryOpsPerSecond();
        final Double engine = summary.engineOpsPerSecond();
        final Double redis = summary.ratio(async, "redis");
        final Double always = summary.ratio(sync, "redis_aof_always");
        final Double postgres = summary.ratio(sync, "postgresql");
        final Double noPersistence = summary.ratio(memory, "redis_no_persistence");
        final Double locked = summary.ratio(memory, "in_jvm_locked");
        return List.of(
            new Row("durable", "stockcore runtime, journal ASYNC", RUNTIME_ASYNC_DURABLE, ">= 2,000,000/s", async,
                null, async == null ? null : async >= HeadlineReport.GOAL_END_TO_END_OPS),
            new Row("durable", "Redis, AOF appendfsync everysec",
                "AOF in page cache before reply, fsync 1/s: kill -9 safe", "ASYNC >= 10x", best(summary,
                "redis"), redis, redis == null ? null : redis >= HeadlineReport.GOAL_TIMES_REDIS),
            new Row("durable", "stockcore runtime, journal SYNC", RUNTIME_SYNC_DURABLE, "-", sync, null, null),
            new Row("durable", "Redis, AOF appendfsync always", "AOF fsync'd before the reply: survives power loss",
                "SYNC >= 10x", best(summary, "redis_aof_always"), always,
                always == null ? null : always >= HeadlineReport.GOAL_TIMES_REDIS),
            new Row("durable", "PostgreSQL, synchronous_commit=on", POSTGRESQL_DURABLE, "SYNC >= 200x",
                best(summary, "postgresql"), postgres,
                postgres == null ? null : postgres >= HeadlineReport.GOAL_TIMES_POSTGRESQL),
            new Row("memory", "stockcore engine core (JMH, 1 thread)", NOTHING_DURABLE + ", no clients",
                ">= 20,000,000/s", engine, null, engine == null ? null : engine >= HeadlineReport.GOAL_ENGINE_OPS),
            new Row("memory", "stockcore runtime without fsync", RUNTIME_ASYNC_DURABLE + " (ASYNC run)",
                ">= 2,000,000/s", memory, null, memory == null ? null : memory >= HeadlineReport.GOAL_END_TO_END_OPS),
            new Row("memory", "Redis, no persistence", NOTHING_DURABLE, "runtime >= 10x",
                best(summary, "redis_no_persistence"), noPersistence,
                noPersistence == null ? null : noPersistence >= HeadlineReport.GOAL_TIMES_REDIS),
            new Row("memory", "in-JVM map + per-SKU locks", NOTHING_DURABLE + ", in process", "-",
                best(summary, "in_jvm_locked"), locked, null));
    }

    /**
     * Prints the table.
     *
     * @param out     where.
     * @param summary the run's figures.
     */
    public static void print(final PrintStream out, final Summary summary)
    {
        out.println();
        out.println("like for like: reservations/s (engine core: reserve+commit pairs/s); ratio = the stockcore " +
            "figure of the row group over the peer's best, in the same run; only within a group");
        out.printf(ROW, "group", "system", "durable when the client is told OK", "goal", "measured", "ratio", "met");
        out.printf(ROW, "-".repeat(8), "-".repeat(38), "-".repeat(66), "-".repeat(15), "-".repeat(14),
            "-".repeat(10), "----");
        String group = "";
        for (final Row row : rows(summary))
        {
            out.printf(ROW, row.group().equals(group) ? "" : row.group(), row.system(), row.durable(), row.goal(),
                row.figure() == null ? "-" : String.format(Locale.ROOT, "%,.0f", row.figure()),
                row.ratio() == null ? "" : String.format(Locale.ROOT, "%,.1fx", row.ratio()),
                row.met() == null ? "-" : row.met() ? "yes" : "NO");
            group = row.group();
        }
        out.println("a runtime row is the highest rate its open-loop series achieved (saturated or not: its " +
            "throughput); a peer's is its best closed-loop rate over its grid; a peer that could not run shows '-'");
    }

    private static Double best(final Summary summary, final String peer)
    {
        final Summary.PeerFigure figure = summary.peers().get(peer);
        return figure == null ? null : figure.reservationsPerSecond();
    }
}
