package dev.stockcore.cli;

import dev.stockcore.engine.movement.MovementDecoder;
import dev.stockcore.journal.Journal;
import dev.stockcore.journal.JournalDescriptor;
import dev.stockcore.journal.JournalException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a command checks about a journal directory before acting on it, so that a command which opens a
 * journal for writing never turns a mistyped or unrelated directory into a new journal.
 */
final class JournalDirectory
{
    private JournalDirectory()
    {
    }

    /**
     * For commands that need an existing journal.
     *
     * @param dir the directory given to {@code --journal}.
     * @throws JournalException if it does not exist or is not a journal.
     */
    static void requireJournal(final Path dir)
    {
        if (Files.exists(dir) && !Files.isDirectory(dir))
        {
            throw new JournalException(dir + " is a file, not a journal directory; pass the directory given to " +
                "script --journal");
        }
        if (!Files.isDirectory(dir))
        {
            throw new JournalException("no journal at " + dir + ": the directory does not exist; " +
                "pass the directory given to script --journal");
        }
        if (!Files.isDirectory(dir.resolve(JournalDescriptor.QUEUE_DIR)))
        {
            throw new JournalException(dir + " is not a stockcore journal (it has no " + JournalDescriptor.QUEUE_DIR +
                "/ directory); pass the directory given to script --journal");
        }
    }

    /**
     * For commands that create the journal on first use: the directory must be missing, empty or a journal.
     *
     * @param dir the directory given to {@code --journal}.
     * @throws JournalException if it is a file or a directory holding something else.
     */
    static void requireNewOrJournal(final Path dir)
    {
        if (!Files.exists(dir) || Files.isDirectory(dir.resolve(JournalDescriptor.QUEUE_DIR)))
        {
            return;
        }
        if (!Files.isDirectory(dir))
        {
            throw new JournalException(dir + " is a file, not a journal directory; pass a new directory or an " +
                "existing journal to --journal");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir))
        {
            if (entries.iterator().hasNext())
            {
                throw new JournalException(dir + " is not empty and is not a stockcore journal (it has no " +
                    JournalDescriptor.QUEUE_DIR + "/ directory); pass a new or empty directory, or an existing journal");
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot list " + dir + ": " + ex.getMessage() + "; check its permissions", ex);
        }
    }

    /**
     * The sequence of the journal's first movement: 1 unless the journal was pruned.
     *
     * @param journal open journal.
     * @return the sequence, or -1 if the journal holds no movement.
     */
    static long firstSequence(final Journal journal)
    {
        final long[] first = { -1 };
        journal.read(-1, (index, buffer, offset, length) ->
        {
            first[0] = MovementDecoder.batchFirstSequence(buffer, offset);
            return false;
        });
        return first[0];
    }
}
