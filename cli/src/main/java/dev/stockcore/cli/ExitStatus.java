package dev.stockcore.cli;

/**
 * Exit statuses of every command, stable because scripts test them. The texts are the {@code --help}
 * "Exit status" lines (picocli's {@code code:description} form).
 */
final class ExitStatus
{
    /** Done; for {@code verify}, everything checked out. */
    static final int OK = 0;
    /**
     * A check failed: {@code verify} found a problem, {@code prune} found no valid snapshot to keep, {@code import}
     * found bad rows.
     */
    static final int CHECK_FAILED = 1;
    /** Wrong usage, or the journal or a file could not be read or written. */
    static final int ERROR = 2;

    static final String HEADING = "%nExit status:%n";
    static final String OK_TEXT = "0:done";
    static final String CHECK_FAILED_TEXT = "1:a check failed (verify found a problem, prune had no valid snapshot, " +
        "import found bad rows)";
    static final String ERROR_TEXT = "2:usage error, or the journal or a file could not be read or written " +
        "(the message on stderr says what to do)";

    private ExitStatus()
    {
    }
}
