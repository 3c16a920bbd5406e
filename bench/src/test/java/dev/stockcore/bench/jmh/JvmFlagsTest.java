package dev.stockcore.bench.jmh;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Fork;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmFlagsTest
{
    /** Written by the build from the root pom's {@code stockcore.jvm.flags} (resource filtering). */
    private static final Path POM_FLAGS = Path.of("target", "jvm-options");

    @Test
    void shouldMatchThePomsFlags() throws IOException
    {
        assertEquals(pomFlags(), JvmFlags.pomFlags(),
            "JvmFlags differs from the root pom's stockcore.jvm.flags: update JvmFlags and ForkedBenchmark");
    }

    @Test
    void shouldForkEveryBenchmarkWithThePomsFlags() throws IOException
    {
        final Fork fork = ForkedBenchmark.class.getAnnotation(Fork.class);
        assertEquals(pomFlags(), Arrays.asList(fork.jvmArgsAppend()),
            "ForkedBenchmark's @Fork(jvmArgsAppend) differs from the root pom's stockcore.jvm.flags");
        for (final Class<?> benchmark : List.of(EngineCoreBenchmark.class, SkuSkewBenchmark.class,
            JournalAppendBenchmark.class, ReplayBenchmark.class))
        {
            assertEquals(fork, benchmark.getAnnotation(Fork.class), benchmark.getSimpleName());
        }
    }

    @Test
    void shouldAddTheJdk24FlagsOnlyOnJdk24AndLater()
    {
        final boolean jdk24 = Runtime.version().feature() >= 24;
        final List<String> flags = JvmFlags.forRunningJdk();
        assertEquals(jdk24, flags.contains(JvmFlags.ALLOW_UNSAFE_MEMORY_ACCESS));
        assertEquals(jdk24, flags.contains(JvmFlags.ENABLE_NATIVE_ACCESS));
        assertTrue(flags.containsAll(JvmFlags.pomFlags()));
    }

    private static List<String> pomFlags() throws IOException
    {
        assertTrue(Files.isRegularFile(POM_FLAGS), POM_FLAGS.toAbsolutePath() + " is missing: run the build");
        final String text = Files.readString(POM_FLAGS, StandardCharsets.UTF_8).trim();
        assertTrue(!text.isEmpty() && !text.contains("${"), "unfiltered or empty " + POM_FLAGS + ": " + text);
        return Arrays.asList(text.split("\\s+"));
    }
}
