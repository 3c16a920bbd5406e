/**
 * The operator command line, {@code ./stockcore}: one picocli command per file ({@code script},
 * {@code recover}, {@code dump}, {@code feed}, {@code snapshot}, {@code prune}, {@code verify}, {@code import},
 * {@code export}, {@code report}, {@code demo}) under {@link dev.stockcore.journal.cli.StockcoreCli}, and what they
 * alone need (the dump line format, the verifier, the progress line, the feed's printer and signal handling).
 * Depends on the engine, the journal, its feed, catalog, inventory and report packages, and the demo; nothing
 * depends on it.
 */
package dev.stockcore.journal.cli;
