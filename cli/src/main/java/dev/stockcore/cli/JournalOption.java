package dev.stockcore.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The {@code --journal DIR} option, the same in every command that works on an existing journal.
 */
final class JournalOption
{
    @Option(
        names = "--journal",
        paramLabel = "DIR",
        required = true,
        description = "the journal directory (the one given to script --journal)")
    Path dir;
}
