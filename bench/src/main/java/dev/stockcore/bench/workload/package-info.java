/**
 * The workload every contender runs: the catalogue of products with shared stock, the normal and peak models, the
 * seeded allocation-free order generator (Zipf-skewed SKU popularity), and batches of orders; and
 * {@link dev.stockcore.bench.workload.CatalogueLoader}, which registers a catalogue in a {@code StockEngine}.
 * Depends on the engine for that loader alone, on nothing else in stockcore; the peers use the rest without it.
 */
package dev.stockcore.bench.workload;
