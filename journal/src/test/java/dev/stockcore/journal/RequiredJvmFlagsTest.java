package dev.stockcore.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The up-front flag check, in child JVMs started with and without the flags ({@link FlagCheckChild}): without
 * them the runtime and the journaled engine refuse to start with one message naming each missing flag, before
 * Agrona or Chronicle is touched; with them they start.
 */
class RequiredJvmFlagsTest
{
    private static final String EXPORT_INTERNAL_MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    private static final String EXPORT_NIO_CH = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    private static final String OPEN_LANG_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    private static final List<String> REQUIRED = List.of(EXPORT_INTERNAL_MISC, EXPORT_NIO_CH, OPEN_LANG_REFLECT);
    /** Written by the build from the root pom's {@code stockcore.jvm.flags} (resource filtering). */
    private static final Path POM_FLAGS = Path.of("target", "jvm-options");

    @TempDir
    Path dir;

    @Test
    void shouldRequireTheThreeFlagsFoundNeededOnJdk17And25()
    {
        assertEquals(REQUIRED, RequiredJvmFlags.required());
    }

    @Test
    void shouldListEveryRequiredFlagInThePomsFlags() throws IOException
    {
        assertTrue(Files.isRegularFile(POM_FLAGS), POM_FLAGS.toAbsolutePath() + " is missing: run the build");
        final List<String> pomFlags = Arrays.asList(Files.readString(POM_FLAGS, StandardCharsets.UTF_8).trim().split("\\s+"));
        assertTrue(pomFlags.containsAll(REQUIRED), "root pom's stockcore.jvm.flags " + pomFlags + " lacks one of " + REQUIRED);
    }

    @Test
    void shouldFindNothingMissingInThisJvmStartedWithThePomsFlags()
    {
        assertEquals(List.of(), RequiredJvmFlags.missing());
    }

    @ParameterizedTest
    @ValueSource(strings = {"runtime", "journaled"})
    void shouldRefuseToStartNamingEveryMissingFlagWhenTheJvmHasNone(final String mode) throws Exception
    {
        final Path journal = dir.resolve("journal");

        final Child child = Child.run(List.of(), mode, journal);

        assertEquals(1, child.status, child.describe());
        assertTrue(child.stderr.contains("java.lang.IllegalStateException: " +
            (mode.equals("runtime") ? "StockRuntime.launch" : "JournaledEngine.open") + ": this JVM was started without flags"),
            child.describe());
        for (final String flag : REQUIRED)
        {
            assertTrue(child.stderr.contains("    " + flag + "    ("), flag + " not named: " + child.describe());
        }
        assertTrue(child.stderr.contains("the README, section \"JVM flags\""), child.describe());
        assertFalse(child.stderr.contains("IllegalAccessError"), child.describe());
        assertFalse(Files.exists(journal), "the journal directory was created before the check: " + child.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {EXPORT_INTERNAL_MISC, EXPORT_NIO_CH, OPEN_LANG_REFLECT})
    void shouldNameOnlyTheOneFlagThatIsMissing(final String left) throws Exception
    {
        final List<String> flags = new ArrayList<>(ChildJvmFlags.inherited());
        assertTrue(flags.remove(left), "this JVM was started without " + left + ": " + flags);

        final Child child = Child.run(flags, "runtime", dir.resolve("journal"));

        assertEquals(1, child.status, child.describe());
        assertTrue(child.stderr.contains("StockRuntime.launch: this JVM was started without a flag"), child.describe());
        for (final String flag : REQUIRED)
        {
            assertEquals(flag.equals(left), child.stderr.contains(flag), flag + ": " + child.describe());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"runtime", "journaled"})
    void shouldStartWithThePomsFlags(final String mode) throws Exception
    {
        final Child child = Child.run(ChildJvmFlags.inherited(), mode, dir.resolve("journal"));

        assertEquals(0, child.status, child.describe());
        assertEquals("STARTED", child.stdout.trim(), child.describe());
        assertTrue(Files.isDirectory(dir.resolve("journal")), child.describe());
    }

    /** A finished child JVM: exit status and what it wrote. */
    private static final class Child
    {
        private static final long TIMEOUT_SECONDS = 120;

        private final int status;
        private final String stdout;
        private final String stderr;

        private Child(final int status, final String stdout, final String stderr)
        {
            this.status = status;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        /** Runs {@link FlagCheckChild} with this JVM's java and class path and only {@code flags}, to its end. */
        static Child run(final List<String> flags, final String mode, final Path journal) throws Exception
        {
            final Path out = Files.createTempFile(journal.getParent(), "child", ".out");
            final Path err = Files.createTempFile(journal.getParent(), "child", ".err");
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(flags);
            command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                "-cp", System.getProperty("java.class.path"), FlagCheckChild.class.getName(), mode, journal.toString()));
            final Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor();
                fail("child JVM still running after " + TIMEOUT_SECONDS + " s: " + command + "\n" +
                    Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Child(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        }

        String describe()
        {
            return "exit status " + status + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
