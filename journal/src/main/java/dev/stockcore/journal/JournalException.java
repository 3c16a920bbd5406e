package dev.stockcore.journal;

/**
 * An expected failure of a journal operation (not a journal, locked by another writer, newer format,
 * no permission...). Its message says what happened, with the path or value, and what to do; tools print
 * it without a stack trace.
 */
public final class JournalException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what to do.
     */
    public JournalException(final String message)
    {
        super(message);
    }

    /**
     * @param message what happened and what to do.
     * @param cause   the underlying failure.
     */
    public JournalException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
