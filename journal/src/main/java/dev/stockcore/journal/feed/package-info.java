/**
 * The stock feed read from a journal: a replica engine rebuilt from a snapshot and the journal's batches,
 * which turns each batch into availability changes, one per product whose availability it changed (the
 * virtual fan-out included: a change on a source is a change for each of its consumers), and follows the
 * journal while a writer appends to it. Depends on the engine and the journal package; the CLI's
 * {@code feed} command prints its changes as JSON lines.
 */
package dev.stockcore.journal.feed;
