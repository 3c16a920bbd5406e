/**
 * The operator command line, {@code ./stockcore}: one picocli command per file ({@code script},
 * {@code recover}, {@code dump}, {@code snapshot}, {@code prune}, {@code verify}, {@code import},
 * {@code export}, {@code report}) under {@link dev.stockcore.journal.cli.StockcoreCli}, and what they alone
 * need (the dump line format, the verifier, the progress line). Depends on the engine, the journal and its
 * catalog, inventory and report packages; nothing depends on it.
 */
package dev.stockcore.journal.cli;
