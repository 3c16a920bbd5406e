package dev.stockcore.bench.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a server's own benchmark tool ({@code redis-benchmark}, {@code pgbench}) for a {@link Calibration} and
 * returns what it printed on stdout.
 */
public final class NativeTool
{
    private NativeTool()
    {
    }

    /**
     * @param command the tool and its arguments.
     * @param timeout longest it may run before it is killed.
     * @return its stdout, line by line.
     * @throws IOException when it cannot start, times out or exits non-zero, with its stderr's last line.
     * @throws InterruptedException when interrupted while waiting.
     */
    public static List<String> run(final List<String> command, final Duration timeout)
        throws IOException, InterruptedException
    {
        final Path stdout = Files.createTempFile("stockcore-native-", ".out");
        final Path stderr = Files.createTempFile("stockcore-native-", ".err");
        try
        {
            final Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within " + timeout.toSeconds() + " s");
            }
            if (process.exitValue() != 0)
            {
                final List<String> errors = lines(stderr);
                throw new IOException(command.get(0) + " failed (exit " + process.exitValue() + "): " +
                    (errors.isEmpty() ? "no message" : errors.get(errors.size() - 1).trim()));
            }
            return lines(stdout);
        }
        catch (final IOException ex)
        {
            if (ex.getMessage() != null && ex.getMessage().contains("error=2"))
            {
                throw new IOException(command.get(0) + " is not installed (" + ex.getMessage() + ")", ex);
            }
            throw ex;
        }
        finally
        {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private static List<String> lines(final Path file) throws IOException
    {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines()
            .flatMap(line -> List.of(line.split("\r")).stream())
            .collect(Collectors.toList());
    }
}
