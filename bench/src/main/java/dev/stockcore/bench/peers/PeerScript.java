package dev.stockcore.bench.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One of the shell scripts in {@code bench/scripts} that start and stop a peer's server: {@code start DIR} prints
 * {@code key=value} lines (at least {@code port}) on stdout, {@code stop DIR} stops the server and removes its data;
 * both print a one-line reason on stderr and exit non-zero on failure.
 * <p>
 * The scripts directory is the system property {@value #SCRIPTS_PROPERTY} when set, else the first
 * {@code bench/scripts} found walking up from the working directory (so it works from the repository root and from
 * the {@code bench} module, where Maven runs the tests), else the one beside the bench module's own classes or jar
 * ({@code bench/target/...}), so that {@code ./stockcore bench} works from any working directory.
 */
public final class PeerScript
{
    /**
     * System property naming the directory that holds the scripts.
     */
    public static final String SCRIPTS_PROPERTY = "stockcore.bench.scripts";

    /**
     * Longest a start may take: the first one may install the package with apt-get.
     */
    public static final Duration START_TIMEOUT = Duration.ofMinutes(10);

    /**
     * Longest a stop may take; the scripts give a server 30 s before killing it.
     */
    public static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);

    private static final int STDERR_LINES_IN_MESSAGE = 20;

    private final String peerName;
    private final Path script;

    private PeerScript(final String peerName, final Path script)
    {
        this.peerName = peerName;
        this.script = script;
    }

    /**
     * Finds a script by file name.
     *
     * @param peerName   the peer it starts, for messages.
     * @param fileName   e.g. {@code redis.sh}.
     * @return the script.
     * @throws PeerLaunchException when it cannot be found, naming where it looked.
     */
    public static PeerScript locate(final String peerName, final String fileName) throws PeerLaunchException
    {
        final String configured = System.getProperty(SCRIPTS_PROPERTY);
        if (configured != null && !configured.isBlank())
        {
            final Path candidate = Paths.get(configured).resolve(fileName);
            if (!Files.isRegularFile(candidate))
            {
                throw new PeerLaunchException(peerName + ": " + candidate + " does not exist; -D" + SCRIPTS_PROPERTY +
                    " must name the bench/scripts directory");
            }
            return new PeerScript(peerName, candidate.toAbsolutePath());
        }

        final Path start = Paths.get("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent())
        {
            final Path candidate = dir.resolve("bench").resolve("scripts").resolve(fileName);
            if (Files.isRegularFile(candidate))
            {
                return new PeerScript(peerName, candidate);
            }
        }
        final Path besideClasses = besideClasses(fileName);
        if (besideClasses != null)
        {
            return new PeerScript(peerName, besideClasses);
        }
        throw new PeerLaunchException(peerName + ": no bench/scripts/" + fileName + " in " + start +
            " or any parent directory; run from the repository or set -D" + SCRIPTS_PROPERTY + "=DIR");
    }

    private static Path besideClasses(final String fileName)
    {
        try
        {
            // bench/target/classes or bench/target/stockcore-bench-*.jar: the scripts are in bench/scripts.
            final Path location = Paths.get(PeerScript.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = location.getParent(); dir != null; dir = dir.getParent())
            {
                final Path candidate = dir.resolve("scripts").resolve(fileName);
                if (Files.isRegularFile(candidate))
                {
                    return candidate;
                }
            }
        }
        catch (final java.net.URISyntaxException | RuntimeException ex)
        {
            return null;
        }
        return null;
    }

    /**
     * @return the script's absolute path.
     */
    public Path path()
    {
        return script;
    }

    /**
     * Runs {@code start workDir} and returns what it printed.
     *
     * @param workDir directory for the server's data, created by the script if missing.
     * @return the {@code key=value} pairs from stdout, in order.
     * @throws PeerLaunchException when the script fails or times out, with its reason and stderr's last lines.
     * @throws InterruptedException when interrupted while waiting.
     */
    public Map<String, String> start(final Path workDir) throws PeerLaunchException, InterruptedException
    {
        return start(workDir, new String[0]);
    }

    /**
     * Runs {@code start workDir options...} and returns what it printed.
     *
     * @param workDir directory for the server's data, created by the script if missing.
     * @param options further arguments after the directory, e.g. Redis's persistence mode.
     * @return the {@code key=value} pairs from stdout, in order.
     * @throws PeerLaunchException when the script fails or times out, with its reason and stderr's last lines.
     * @throws InterruptedException when interrupted while waiting.
     */
    public Map<String, String> start(final Path workDir, final String... options)
        throws PeerLaunchException, InterruptedException
    {
        final List<String> stdout = run("start", workDir, START_TIMEOUT, options);
        final Map<String, String> values = new LinkedHashMap<>();
        for (final String line : stdout)
        {
            final int eq = line.indexOf('=');
            if (eq > 0)
            {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        final String port = values.get("port");
        if (port == null || !port.matches("[0-9]{1,5}"))
        {
            final PeerLaunchException failure = new PeerLaunchException(peerName + ": " + script.getFileName() +
                " start " + workDir + " succeeded but printed no port=NNNN line; it printed " + stdout);
            stopAfterFailure(workDir, failure);
            throw failure;
        }
        return values;
    }

    /**
     * Runs {@code stop workDir}.
     *
     * @param workDir the directory given to {@link #start(Path)}.
     * @throws PeerLaunchException when the script fails or times out, with its reason.
     * @throws InterruptedException when interrupted while waiting.
     */
    public void stop(final Path workDir) throws PeerLaunchException, InterruptedException
    {
        run("stop", workDir, STOP_TIMEOUT, new String[0]);
    }

    /**
     * Stops the server after a failure that happened once it was started, keeping the failure as the exception to
     * report and adding a failure to stop to it as suppressed.
     *
     * @param workDir the directory given to {@link #start(Path)}.
     * @param failure what went wrong first.
     * @throws InterruptedException when interrupted while waiting.
     */
    public void stopAfterFailure(final Path workDir, final Exception failure) throws InterruptedException
    {
        try
        {
            stop(workDir);
        }
        catch (final PeerLaunchException stopFailure)
        {
            failure.addSuppressed(stopFailure);
        }
    }

    private List<String> run(final String command, final Path workDir, final Duration timeout, final String[] options)
        throws PeerLaunchException, InterruptedException
    {
        final String invocation = script.getFileName() + " " + command + " " + workDir +
            (options.length == 0 ? "" : " " + String.join(" ", options));
        Path stdout = null;
        Path stderr = null;
        try
        {
            // Files rather than pipes: a server the script leaves running can never hold our end open.
            stdout = Files.createTempFile("stockcore-" + peerName + "-", ".out");
            stderr = Files.createTempFile("stockcore-" + peerName + "-", ".err");
            final List<String> arguments = new ArrayList<>(List.of("bash", script.toString(), command,
                workDir.toAbsolutePath().toString()));
            arguments.addAll(List.of(options));
            final Process process = new ProcessBuilder(arguments)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
            {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                throw new PeerLaunchException(peerName + ": " + invocation + " did not finish within " +
                    timeout.toSeconds() + " s" + tail(readLines(stderr)));
            }
            final int exit = process.exitValue();
            if (exit != 0)
            {
                final List<String> errors = readLines(stderr);
                throw new PeerLaunchException(peerName + ": " + invocation + " failed (exit " + exit + "): " +
                    reason(errors) + tail(errors));
            }
            return readLines(stdout);
        }
        catch (final IOException ex)
        {
            throw new PeerLaunchException(peerName + ": could not run " + invocation + ": " + ex.getMessage(), ex);
        }
        finally
        {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    private static String reason(final List<String> errors)
    {
        for (int i = errors.size() - 1; i >= 0; i--)
        {
            if (!errors.get(i).isBlank())
            {
                return errors.get(i).trim();
            }
        }
        return "(the script printed nothing on stderr)";
    }

    private static String tail(final List<String> errors)
    {
        if (errors.size() <= 1)
        {
            return "";
        }
        final int from = Math.max(0, errors.size() - 1 - STDERR_LINES_IN_MESSAGE);
        return System.lineSeparator() + String.join(System.lineSeparator(), errors.subList(from, errors.size() - 1));
    }

    private static List<String> readLines(final Path file) throws IOException
    {
        // Decoding leniently: apt-get and server logs are not guaranteed to be valid UTF-8.
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    }

    private static void deleteQuietly(final Path file)
    {
        if (file != null)
        {
            try
            {
                Files.deleteIfExists(file);
            }
            catch (final IOException ex)
            {
                System.err.println("could not delete " + file + ": " + ex.getMessage());
            }
        }
    }
}
