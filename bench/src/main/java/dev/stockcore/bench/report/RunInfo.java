package dev.stockcore.bench.report;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * Where and when a run happened, for chart titles: host, cores, CPU model, the UTC date and the commit of the
 * working directory's checkout.
 */
public final class RunInfo
{
    private RunInfo()
    {
    }

    /**
     * @return e.g. {@code host 2 cores AMD EPYC 7B13, 2026-12-03, commit dfb8b57}.
     */
    public static String describe()
    {
        return machine() + ", " + LocalDate.now(ZoneOffset.UTC) + ", commit " + commit();
    }

    /**
     * @return host name, cores and CPU model, as far as they can be read.
     */
    public static String machine()
    {
        String host;
        try
        {
            host = InetAddress.getLocalHost().getHostName();
        }
        catch (final IOException ex)
        {
            host = "unknown host";
        }
        return host + " " + Runtime.getRuntime().availableProcessors() + " cores" + cpuModel();
    }

    /**
     * @return the abbreviated commit of the checkout the JVM runs in, or {@code unknown} outside a git checkout.
     */
    public static String commit()
    {
        try
        {
            // The checkout the bench classes were built in, whatever the working directory is.
            final Path classes = Path.of(RunInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            final Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD")
                .directory(classes.getParent().toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            final String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 && !out.isEmpty())
            {
                return out;
            }
            return "unknown";
        }
        catch (final IOException | java.net.URISyntaxException | RuntimeException ex)
        {
            return "unknown";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String cpuModel()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8))
            {
                if (line.startsWith("model name"))
                {
                    return " " + line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            return "";
        }
        return "";
    }
}
