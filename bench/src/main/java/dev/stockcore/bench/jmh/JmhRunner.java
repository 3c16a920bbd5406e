package dev.stockcore.bench.jmh;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Runs JMH suites from Java ({@link Runner} with {@link OptionsBuilder}, benchmarks included by class name regex),
 * the way {@code ./stockcore bench} does, with the GC profiler for bytes per operation and the project's JVM flags
 * for the forks. The forks inherit this JVM's class path: launched by {@code ./stockcore}, it is the bench jar and
 * every jar of {@code bench/target/lib}, which is what JMH needs to find the benchmarks and their dependencies.
 */
public final class JmhRunner
{
    private final List<String> includes = new ArrayList<>();
    private final List<String[]> params = new ArrayList<>();
    private int forks = 1;
    private int warmupIterations = 2;
    private int measurementIterations = 3;
    private TimeValue iterationTime = TimeValue.seconds(1);
    private boolean gcProfiler = true;
    private Path logFile;
    private Path jsonFile;

    /**
     * One benchmark's figures.
     *
     * @param benchmark    the benchmark method, with its parameters in brackets when it has any.
     * @param opsPerSecond the primary score, operations per second.
     * @param bytesPerOp   {@code gc.alloc.rate.norm}, or null without the GC profiler.
     */
    public record Figure(String benchmark, double opsPerSecond, Double bytesPerOp)
    {
    }

    /**
     * @param regex benchmarks to run, e.g. {@code EngineCoreBenchmark.reserveCommit$}.
     * @return this.
     */
    public JmhRunner include(final String regex)
    {
        includes.add(regex);
        return this;
    }

    /**
     * @param name   a {@code @Param} field.
     * @param values the values to run.
     * @return this.
     */
    public JmhRunner param(final String name, final String... values)
    {
        final String[] entry = new String[values.length + 1];
        entry[0] = name;
        System.arraycopy(values, 0, entry, 1, values.length);
        params.add(entry);
        return this;
    }

    /**
     * @param forks JVM forks per benchmark; 0 runs in this JVM (tests only: no isolation).
     * @return this.
     */
    public JmhRunner forks(final int forks)
    {
        this.forks = forks;
        return this;
    }

    /**
     * @param warmups    warm-up iterations.
     * @param iterations measured iterations.
     * @param time       time of each.
     * @return this.
     */
    public JmhRunner iterations(final int warmups, final int iterations, final TimeValue time)
    {
        warmupIterations = warmups;
        measurementIterations = iterations;
        iterationTime = time;
        return this;
    }

    /**
     * @param enabled whether to run the GC profiler (bytes per operation).
     * @return this.
     */
    public JmhRunner gcProfiler(final boolean enabled)
    {
        gcProfiler = enabled;
        return this;
    }

    /**
     * @param logFile  where JMH's human-readable output goes instead of stdout, or null for stdout.
     * @param jsonFile where JMH writes its JSON results, or null for none.
     * @return this.
     */
    public JmhRunner output(final Path logFile, final Path jsonFile)
    {
        this.logFile = logFile;
        this.jsonFile = jsonFile;
        return this;
    }

    /**
     * Runs the included benchmarks.
     *
     * @return one figure per benchmark and parameter combination.
     * @throws RunnerException if JMH fails (a fork that cannot start, a benchmark that throws).
     */
    public List<Figure> run() throws RunnerException
    {
        if (includes.isEmpty())
        {
            throw new IllegalStateException("no benchmark included");
        }
        final ChainedOptionsBuilder options = new OptionsBuilder()
            .forks(forks)
            .warmupIterations(warmupIterations)
            .warmupTime(iterationTime)
            .measurementIterations(measurementIterations)
            .measurementTime(iterationTime)
            .jvmArgsAppend(JvmFlags.forForks().toArray(new String[0]))
            .shouldFailOnError(true)
            .verbosity(VerboseMode.NORMAL);
        for (final String include : includes)
        {
            options.include(include);
        }
        for (final String[] param : params)
        {
            final String[] values = new String[param.length - 1];
            System.arraycopy(param, 1, values, 0, values.length);
            options.param(param[0], values);
        }
        if (gcProfiler)
        {
            options.addProfiler(GCProfiler.class);
        }
        if (logFile != null)
        {
            options.output(logFile.toString());
        }
        if (jsonFile != null)
        {
            options.resultFormat(ResultFormatType.JSON).result(jsonFile.toString());
        }
        return figures(run(options.build()));
    }

    /**
     * Runs JMH, turning its refusal to start while another JMH run holds its lock file into one line: JMH takes
     * {@code java.io.tmpdir/jmh.lock} so that two benchmark runs do not measure each other, and says so with a
     * stack trace. The lock is kept (not JMH's {@code -Djmh.ignoreLock=true}): figures taken while another
     * benchmark runs would be wrong.
     *
     * @param options the run.
     * @return JMH's results.
     * @throws IllegalStateException if another JMH run holds the lock; the message says what to do.
     * @throws RunnerException if JMH fails otherwise.
     */
    public static Collection<RunResult> run(final Options options) throws RunnerException
    {
        try
        {
            return new Runner(options).run();
        }
        catch (final RunnerException ex)
        {
            final String message = String.valueOf(ex.getMessage());
            if (message.contains("JMH lock"))
            {
                throw new LockTakenException("another JMH run holds " + lockFile(message) + " (benchmarks " +
                    "running at once measure each other): wait until it ends and run again; to run anyway, add " +
                    "-Djmh.ignoreLock=true to STOCKCORE_JAVA_OPTS", ex);
            }
            throw ex;
        }
    }

    private static String lockFile(final String message)
    {
        final int open = message.indexOf('(');
        final int close = message.indexOf(')', open + 1);
        return open >= 0 && close > open ? message.substring(open + 1, close) : "the JMH lock file";
    }

    /**
     * Another JMH run holds JMH's lock file; a condition for the user to wait out, reported in one line.
     */
    public static final class LockTakenException extends IllegalStateException
    {
        private static final long serialVersionUID = 1L;

        LockTakenException(final String message, final Throwable cause)
        {
            super(message, cause);
        }
    }

    /**
     * @param results JMH's results.
     * @return one figure per result.
     */
    public static List<Figure> figures(final Collection<RunResult> results)
    {
        final List<Figure> figures = new ArrayList<>();
        for (final RunResult result : results)
        {
            final String method = result.getParams().getBenchmark();
            final StringBuilder name = new StringBuilder(method.substring(method.lastIndexOf('.', 
                method.lastIndexOf('.') - 1) + 1));
            final Collection<String> keys = result.getParams().getParamsKeys();
            if (!keys.isEmpty())
            {
                name.append(" [");
                String separator = "";
                for (final String key : keys)
                {
                    name.append(separator).append(key).append('=').append(result.getParams().getParam(key));
                    separator = ", ";
                }
                name.append(']');
            }
            Double bytesPerOp = null;
            for (final Map.Entry<String, Result> secondary : result.getSecondaryResults().entrySet())
            {
                if (secondary.getKey().endsWith("gc.alloc.rate.norm"))
                {
                    bytesPerOp = secondary.getValue().getScore();
                }
            }
            figures.add(new Figure(name.toString(), result.getPrimaryResult().getScore(), bytesPerOp));
        }
        return figures;
    }

    /**
     * @return whether this JVM's class path holds JMH's benchmark list and jmh-core, which forks need.
     */
    public static boolean classPathReady()
    {
        final String classPath = System.getProperty("java.class.path", "");
        boolean jmhCore = false;
        for (final String entry : classPath.split(File.pathSeparator))
        {
            jmhCore |= new File(entry).getName().startsWith("jmh-core");
        }
        return jmhCore && JmhRunner.class.getClassLoader().getResource("META-INF/BenchmarkList") != null;
    }
}
