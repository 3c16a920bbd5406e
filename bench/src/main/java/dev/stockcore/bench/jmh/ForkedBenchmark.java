package dev.stockcore.bench.jmh;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The JMH settings every stockcore suite inherits (JMH reads its annotations from superclasses): throughput in
 * operations per second, one fork started with the project's JVM flags ({@link JvmFlags}), and short iterations
 * so that a whole suite stays in seconds on a shared machine. Command-line options override them.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    JvmFlags.EXPORT_INTERNAL_MISC, JvmFlags.EXPORT_NIO_CH, JvmFlags.OPEN_LANG_REFLECT, JvmFlags.EXPORT_INTERNAL_REF,
    JvmFlags.EXPORT_SUN_MISC, JvmFlags.EXPORT_JAVAC_FILE, JvmFlags.OPEN_JAVAC, JvmFlags.OPEN_LANG, JvmFlags.OPEN_IO,
    JvmFlags.OPEN_UTIL, JvmFlags.NO_ANALYTICS, JvmFlags.NO_ANNOUNCER})
public abstract class ForkedBenchmark
{
}
