package dev.stockcore.bench;

import dev.stockcore.bench.jmh.JmhRunner;
import dev.stockcore.bench.jmh.JvmFlags;
import dev.stockcore.bench.report.Summary;
import org.openjdk.jmh.profile.ProfilerFactory;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./stockcore bench jmh [JMH args]}: JMH's own command line, with the project's JVM flags added to the
 * forks (unless {@code -jvmArgsAppend} is given) and the JSON results written to the output directory (unless
 * {@code -rff} is given).
 */
@Command(
    name = "jmh",
    description = "Runs JMH with its own arguments, e.g. 'jmh EngineCoreBenchmark -prof gc' or 'jmh -l'; " +
        "'jmh -h' prints JMH's options. The forks get the project's JVM flags; results go to DIR/jmh.json and " +
        "a summary.json.")
final class JmhCommand implements Callable<Integer>
{
    @Option(names = "--out", paramLabel = "DIR",
        description = "output directory (default: bench-results/<timestamp>/)")
    private Path out;

    @Parameters(paramLabel = "JMH-ARGS", description = "passed to JMH as they are")
    private List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception
    {
        final CommandLineOptions jmh;
        try
        {
            jmh = new CommandLineOptions(arguments.toArray(new String[0]));
        }
        catch (final CommandLineOptionException ex)
        {
            System.err.println("stockcore bench jmh: " + ex.getMessage() + "; 'bench jmh -h' lists JMH's options");
            return 2;
        }
        if (jmh.shouldHelp())
        {
            jmh.showHelp();
            return 0;
        }
        if (jmh.shouldListProfilers())
        {
            ProfilerFactory.listProfilers(System.out);
            return 0;
        }
        if (jmh.shouldListResultFormats())
        {
            System.out.println(java.util.Arrays.toString(ResultFormatType.values()));
            return 0;
        }
        if (jmh.shouldList() || jmh.shouldListWithParams())
        {
            new Runner(jmh).list();
            return 0;
        }
        final ChainedOptionsBuilder options = new OptionsBuilder().parent(jmh);
        if (!jmh.getJvmArgsAppend().hasValue())
        {
            options.jvmArgsAppend(JvmFlags.forForks().toArray(new String[0]));
        }
        Path dir = null;
        if (!jmh.getResult().hasValue())
        {
            dir = OutputDirectory.resolve(out);
            options.resultFormat(jmh.getResultFormat().orElse(ResultFormatType.JSON))
                .result(dir.resolve("jmh." + jmh.getResultFormat().orElse(ResultFormatType.JSON).name()
                    .toLowerCase(java.util.Locale.ROOT)).toString());
        }
        final Collection<RunResult> results = JmhRunner.run(options.build());
        if (dir != null)
        {
            final Summary summary = new Summary().command("bench jmh " + String.join(" ", arguments));
            HeadlineRun.addJmhFigures(summary, JmhRunner.figures(results));
            System.out.println("wrote " + summary.write(dir).toAbsolutePath());
        }
        return 0;
    }
}
