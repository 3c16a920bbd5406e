package dev.stockcore.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Faults made with real file systems and real processes: a {@code script --journal} child JVM on a small tmpfs
 * that fills up, and every read-only command on a journal whose file system is mounted read-only (as root,
 * file permissions stop nothing, a read-only mount does).
 */
class JournalFaultsProcessTest
{
    private static final Pattern LAST_SEQUENCE = Pattern.compile("last_sequence=(\\d+)");
    private static final String[][] READ_ONLY_COMMANDS = {
        { "recover" }, { "dump" }, { "verify" }, { "export", "-" }, { "report" }, { "feed", "--no-follow" }, { "errors" } };

    @TempDir
    Path dir;

    private final List<Path> mounts = new ArrayList<>();

    @AfterEach
    void unmount() throws IOException, InterruptedException
    {
        for (final Path mount : mounts)
        {
            run("umount", "-l", mount.toString());
        }
    }

    /**
     * The disk fills up under a running script: the process stops with one line, writes no snapshot, and after
     * the space is freed {@code repair} and {@code recover} work and hold every command whose OK was printed.
     */
    @Test
    void shouldAcknowledgeNothingTheFullDiskLostAndWorkAgainAfterARepair() throws Exception
    {
        final Path disk = mount("size=4m");
        final Path filler = disk.resolve("filler");
        Files.write(filler, new byte[3500 * 1024]);
        final Path journal = disk.resolve("journal");
        final Path script = dir.resolve("script.txt");
        final StringBuilder text = new StringBuilder("product A\ncount A 100000000\n");
        for (int i = 1; i <= 60_000; i++)
        {
            text.append("reserve ").append(i).append(" A 1\n");
        }
        Files.writeString(script, text, StandardCharsets.ISO_8859_1);

        final Finished full = stockcore("script", "--journal", journal.toString(), script.toString());

        assertEquals(ExitStatus.ERROR, full.status, full::toString);
        assertFalse(full.err.contains("\tat "), full::toString);
        assertTrue(full.err.contains("stockcore script: stopped: the journal " + journal + " failed"), full::toString);
        final long acknowledged = full.out.lines().filter("OK"::equals).count();
        assertTrue(acknowledged > 2 && acknowledged < 60_002, full::toString);
        try (Stream<Path> snapshots = Files.list(journal.resolve("snapshots")))
        {
            assertEquals(0, snapshots.count(), "no snapshot is written over a journal that failed");
        }

        Files.delete(filler);
        final CliRun repair = CliRun.run("repair", "--journal", journal.toString());
        assertEquals(ExitStatus.OK, repair.status(), repair::toString);
        final CliRun recover = CliRun.run("recover", "--journal", journal.toString());
        assertEquals(ExitStatus.OK, recover.status(), recover::toString);
        final Matcher sequence = LAST_SEQUENCE.matcher(recover.out());
        assertTrue(sequence.find(), recover::toString);
        final CliRun more = CliRun.script(journal, "reserve 999999 A 1\n");
        assertEquals(List.of("OK"), more.outLines(), more::toString);

        // One movement per command: every command whose OK was printed is in the journal.
        assertTrue(Long.parseLong(sequence.group(1)) >= acknowledged,
            "acknowledged " + acknowledged + " commands, the journal holds " + sequence.group(1) + "\n" + repair);
    }

    @Test
    void shouldRunEveryReadOnlyCommandWithoutChangingAFileAndOnAReadOnlyMount() throws Exception
    {
        final Path disk = mount("size=16m");
        final Path journal = disk.resolve("journal");
        // Written by other processes, so that no Chronicle state of this JVM outlives the writer.
        final Path first = Files.writeString(dir.resolve("first.txt"), "product A\nproduct B\ncount A 10\nlink B A\n" +
            "reserve 1 B 2\n");
        final Path second = Files.writeString(dir.resolve("second.txt"), "reserve 2 A 1\n");
        assertEquals(ExitStatus.OK, stockcore("script", "--journal", journal.toString(), first.toString()).status);
        assertEquals(ExitStatus.OK, stockcore("script", "--journal", journal.toString(), second.toString()).status);
        final String before = fingerprint(journal);

        for (final String[] command : READ_ONLY_COMMANDS)
        {
            final CliRun run = readOnly(command, journal);
            assertEquals(ExitStatus.OK, run.status(), () -> String.join(" ", command) + ": " + run);
            assertEquals(before, fingerprint(journal), String.join(" ", command) + " changed a file");
        }

        run("mount", "-o", "remount,ro", disk.toString());
        for (final String[] command : READ_ONLY_COMMANDS)
        {
            final CliRun run = readOnly(command, journal);
            assertEquals(ExitStatus.OK, run.status(), () -> "read-only mount: " + String.join(" ", command) + ": " + run);
        }
        assertEquals(before, fingerprint(journal));
    }

    @ParameterizedTest
    @ValueSource(strings = { "recover", "dump", "verify", "report", "feed", "errors", "repair", "snapshot", "prune" })
    void shouldTellAFileFromAMissingDirectory(final String command) throws IOException
    {
        final Path file = Files.writeString(dir.resolve("journal.txt"), "not a journal");
        final Path missing = dir.resolve("missing");

        final CliRun onFile = CliRun.run(command, "--journal", file.toString());
        final CliRun onMissing = CliRun.run(command, "--journal", missing.toString());

        assertEquals(ExitStatus.ERROR, onFile.status(), onFile::toString);
        assertEquals(List.of("stockcore " + command + ": " + file + " is a file, not a journal directory; pass the " +
            "directory given to script --journal"), onFile.errLines());
        assertEquals(ExitStatus.ERROR, onMissing.status(), onMissing::toString);
        assertEquals(List.of("stockcore " + command + ": no journal at " + missing + ": the directory does not exist; " +
            "pass the directory given to script --journal"), onMissing.errLines());
        assertFalse(Files.exists(missing));
    }

    private static CliRun readOnly(final String[] command, final Path journal)
    {
        final List<String> args = new ArrayList<>(List.of(command[0], "--journal", journal.toString()));
        args.addAll(List.of(command).subList(1, command.length));
        return CliRun.run(args.toArray(new String[0]));
    }

    private Path mount(final String options) throws IOException, InterruptedException
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        final Path mount = Files.createDirectories(dir.resolve("tmpfs-" + mounts.size()));
        assertEquals(0, run("mount", "-t", "tmpfs", "-o", options, "tmpfs", mount.toString()), "mount " + mount);
        mounts.add(mount);
        return mount;
    }

    private static int run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).inheritIO().start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not exit");
        return process.exitValue();
    }

    /** Runs the CLI in a child JVM with its output in files beside the test's directory (not on the tmpfs). */
    private Finished stockcore(final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StockcoreCli.class.getName());
        command.addAll(List.of(args));
        final Path out = dir.resolve("child.out");
        final Path err = dir.resolve("child.err");
        final Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "stockcore " + String.join(" ", args) + " did not exit");
        return new Finished(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Every file under a directory: path, size, modification time and SHA-256 of its content. */
    private static String fingerprint(final Path root) throws IOException
    {
        final TreeMap<String, String> entries = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root))
        {
            for (final Path file : files.toList())
            {
                entries.put(root.relativize(file).toString(), Files.getLastModifiedTime(file).toMillis() + " " +
                    (Files.isDirectory(file) ? "dir" : Files.size(file) + " " + sha256(file)));
            }
        }
        return entries.toString();
    }

    private static String sha256(final Path file) throws IOException
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private record Finished(int status, String out, String err)
    {
        @Override
        public String toString()
        {
            return "exit " + status + "\n--- stdout (last 300 chars)\n" +
                out.substring(Math.max(0, out.length() - 300)) + "--- stderr\n" + err;
        }
    }
}
