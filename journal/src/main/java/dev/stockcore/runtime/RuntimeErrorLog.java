package dev.stockcore.runtime;

import org.agrona.ErrorHandler;
import org.agrona.IoUtil;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.errors.ErrorLogReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * The runtime's error log: an Agrona {@link DistinctErrorLog} in a mapped file of the journal directory,
 * {@value StockRuntime#ERROR_LOG_FILE}, so an operator's process ({@code stockcore errors}) can read what a
 * running or dead runtime recorded, as Aeron's {@code AeronStat} reads the error log in {@code cnc.dat}.
 * <p>
 * At launch the previous run's file is kept as {@value StockRuntime#PREVIOUS_ERROR_LOG_FILE} when it recorded
 * anything, and a new one is mapped. Each error bumps the {@code errors} counter and is recorded once per
 * distinct stack trace (later ones count observations); the context's error handler hears the first error of
 * the run and any error the full log cannot hold.
 * <p>
 * The file is in Agrona's error log layout, which this class does not define: native byte order, because
 * Agrona writes it with ordered (release) stores that have no other order. It is a diagnostic of one machine,
 * replaced at every launch and read on the machine that wrote it, never copied with the journal.
 */
final class RuntimeErrorLog implements AutoCloseable
{
    static final int LENGTH = 1024 * 1024;

    private final MappedByteBuffer mapped;
    private final DistinctErrorLog log;
    private final RuntimeCounters counters;
    private final ErrorHandler handler;

    private RuntimeErrorLog(final MappedByteBuffer mapped, final RuntimeCounters counters, final ErrorHandler handler)
    {
        this.mapped = mapped;
        this.log = new DistinctErrorLog(new UnsafeBuffer(mapped), SystemEpochClock.INSTANCE);
        this.counters = counters;
        this.handler = handler;
    }

    /**
     * Keeps the previous run's log if it recorded anything, then maps a new, empty one.
     *
     * @param journalDir the journal directory, created if missing.
     * @param counters   whose {@code errors} counter each error bumps.
     * @param handler    told of the first error and of errors the log cannot hold.
     * @return the mapped log; close it to unmap.
     * @throws UncheckedIOException if the file cannot be created.
     */
    static RuntimeErrorLog open(final Path journalDir, final RuntimeCounters counters, final ErrorHandler handler)
    {
        try
        {
            Files.createDirectories(journalDir);
            final Path file = journalDir.resolve(StockRuntime.ERROR_LOG_FILE);
            if (Files.exists(file))
            {
                final MappedByteBuffer previous = IoUtil.mapExistingFile(file.toFile(), "error log");
                final boolean recorded = !read(new UnsafeBuffer(previous)).isEmpty();
                IoUtil.unmap(previous);
                if (recorded)
                {
                    Files.move(file, journalDir.resolve(StockRuntime.PREVIOUS_ERROR_LOG_FILE),
                        StandardCopyOption.REPLACE_EXISTING);
                }
                else
                {
                    Files.delete(file);
                }
            }
            return new RuntimeErrorLog(IoUtil.mapNewFile(file.toFile(), LENGTH), counters, handler);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create the error log in " + journalDir + ": " + ex.getMessage() +
                "; check the directory exists and is writable", ex);
        }
    }

    /**
     * Formats an error log, for operators.
     *
     * @param buffer the mapped file.
     * @return one block per distinct error with its count and first/last time, or empty.
     */
    static String read(final UnsafeBuffer buffer)
    {
        final StringBuilder out = new StringBuilder();
        ErrorLogReader.read(buffer, (count, first, last, text) -> out
            .append(count).append(" observation(s), first ").append(Instant.ofEpochMilli(first))
            .append(", last ").append(Instant.ofEpochMilli(last)).append(System.lineSeparator())
            .append(text).append(System.lineSeparator()));
        return out.toString();
    }

    /**
     * Records an error, from any thread.
     *
     * @param ex the error.
     */
    void record(final Throwable ex)
    {
        counters.onError();
        if (!log.record(ex))
        {
            handler.onError(ex);
        }
        else if (counters.errors() == 1)
        {
            handler.onError(ex);
        }
    }

    /** @return the distinct errors recorded since launch, formatted (empty if none). */
    String text()
    {
        return read(new UnsafeBuffer(mapped));
    }

    /** Unmaps the file; it stays on disk for {@code stockcore errors} and the next launch. */
    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
