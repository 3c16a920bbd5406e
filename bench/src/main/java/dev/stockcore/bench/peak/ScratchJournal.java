package dev.stockcore.bench.peak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A journal directory a benchmark target writes only to measure it: a peak series leaves about a gigabyte of
 * journal per target, which is not a result. It remembers what did not exist when the target was made (the
 * journal directory and any parent the target creates with it) and {@link #delete()} removes exactly that, so a
 * directory that was there before, whoever made it, is never touched.
 */
final class ScratchJournal
{
    private final Path created;

    private ScratchJournal(final Path created)
    {
        this.created = created;
    }

    /**
     * @param journalDir the journal directory the target will create.
     * @return the scratch journal; deletes nothing if {@code journalDir} exists already.
     */
    static ScratchJournal at(final Path journalDir)
    {
        Path topmostNew = null;
        for (Path path = journalDir.toAbsolutePath().normalize(); path != null && !Files.exists(path);
            path = path.getParent())
        {
            topmostNew = path;
        }
        return new ScratchJournal(topmostNew);
    }

    /**
     * Deletes what the target created; call once it has closed its journal.
     *
     * @throws UncheckedIOException if a file cannot be deleted; the message names it.
     */
    void delete()
    {
        if (created == null || !Files.exists(created))
        {
            return;
        }
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(created))
        {
            files = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list the benchmark journal " + created + " to delete it: " + ex, ex);
        }
        for (final Path file : files)
        {
            try
            {
                Files.deleteIfExists(file);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot delete " + file + " of the benchmark journal " + created +
                    ": " + ex + "; delete it by hand", ex);
            }
        }
    }
}
