/**
 * The operator command line, {@code ./stockcore}: one picocli command per file ({@code script},
 * {@code recover}, {@code dump}, {@code feed}, {@code snapshot}, {@code prune}, {@code verify}, {@code import},
 * {@code export}, {@code report}, {@code demo}) under {@link dev.stockcore.cli.StockcoreCli}, and what they
 * alone need (the dump line format, the verifier, the progress line, the feed's printer and signal handling).
 * Depends on the engine, the journal, its feed, catalogue, inventory and report packages, the demo, and the
 * stock webhook ({@code dev.stockcore.cli.webhook}, behind {@code feed --webhook}); nothing depends on it. It
 * lives in the {@code stockcore-cli} module with the inventory, report, demo and webhook packages, so that
 * picocli, FastCSV, HdrHistogram and an SLF4J backend stay out of {@code stockcore-journal}, the artifact
 * applications embed.
 */
package dev.stockcore.cli;
