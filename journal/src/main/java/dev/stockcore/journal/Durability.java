package dev.stockcore.journal;

/**
 * What an acknowledged (committed) command survives.
 */
public enum Durability
{
    /**
     * Appended to the memory-mapped journal before acknowledging: survives a crash or {@code kill -9} of the
     * process (the kernel still holds the pages), not a power loss or kernel crash. The default.
     */
    ASYNC,
    /**
     * Forced to disk (msync) once per group commit before acknowledging: also survives power loss, at the
     * cost of a disk flush per group.
     */
    SYNC
}
