package dev.stockcore.cli.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The webhook's cursor: one line, the sequence up to which every availability change has been delivered
 * (answered 2xx), e.g. {@code 1042\n}. A restart resumes at the next sequence.
 * <p>
 * Written atomically: the line goes to {@code FILE.tmp} beside it, which is forced to disk, renamed over
 * {@code FILE} (an atomic rename), and the directory is forced so that the rename itself survives a power
 * loss. A reader, or a restart after SIGKILL at any instant, sees the old cursor or the new one, never a
 * torn line; a cursor lagging behind the deliveries only makes a restart send some changes again.
 */
public final class CursorFile
{
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path file;
    private final Path temp;

    /**
     * @param file the cursor file; its directory must exist.
     */
    public CursorFile(final Path file)
    {
        this.file = file.toAbsolutePath();
        this.temp = this.file.resolveSibling(this.file.getFileName() + TEMP_SUFFIX);
    }

    /** @return the cursor file. */
    public Path file()
    {
        return file;
    }

    /**
     * @return the sequence delivered up to, or -1 if there is no cursor file yet.
     * @throws UncheckedIOException if it cannot be read or does not hold one sequence.
     */
    public long read()
    {
        final String text;
        try
        {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        }
        catch (final NoSuchFileException ex)
        {
            return -1;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the webhook cursor " + file + " (" + ex + "); fix its " +
                "permissions, or pass --from SEQ to choose where to start", ex);
        }
        final String line = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        try
        {
            final long sequence = Long.parseLong(line);
            if (sequence >= 0 && line.equals(Long.toString(sequence)))
            {
                return sequence;
            }
        }
        catch (final NumberFormatException ex)
        {
            // Reported below with the file's name.
        }
        throw new UncheckedIOException("the webhook cursor " + file + " does not hold one movement sequence " +
            "(it holds " + text.length() + " bytes that are not a number and a line end); this command always writes " +
            "it whole, so something else wrote it: pass --from SEQ to choose where to start, or delete it to " +
            "start from the beginning", new IOException("not a cursor: " + file));
    }

    /**
     * Replaces the cursor atomically and durably.
     *
     * @param sequence every change up to this sequence is delivered.
     * @throws UncheckedIOException if it cannot be written.
     */
    public void write(final long sequence)
    {
        final ByteBuffer line = ByteBuffer.wrap((sequence + "\n").getBytes(StandardCharsets.US_ASCII));
        try
        {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))
            {
                while (line.hasRemaining())
                {
                    channel.write(line);
                }
                channel.force(true);
            }
            try
            {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                throw new IOException("the file system of " + file + " cannot rename atomically", ex);
            }
            try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ))
            {
                directory.force(true);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the webhook cursor " + file + " (" + ex + "): the last " +
                "request was delivered but the cursor still says " + "an earlier sequence, so a restart sends " +
                "it again; free space or fix permissions, then restart", ex);
        }
    }
}
