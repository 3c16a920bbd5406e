package dev.stockcore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where a run writes its files: the directory given with {@code --out}, or {@code bench-results/<timestamp>/}
 * under the current directory.
 */
final class OutputDirectory
{
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private OutputDirectory()
    {
    }

    /**
     * @param given the {@code --out} value, or null.
     * @return the directory, created.
     * @throws IOException if it cannot be created.
     */
    static Path resolve(final Path given) throws IOException
    {
        final Path dir = given != null ? given : Path.of("bench-results", LocalDateTime.now().format(STAMP));
        return Files.createDirectories(dir);
    }
}
