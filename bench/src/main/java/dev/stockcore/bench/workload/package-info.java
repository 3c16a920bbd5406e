/**
 * The workload every contender runs: the catalogue of products with shared stock, the normal and peak models, the
 * seeded allocation-free order generator (Zipf-skewed SKU popularity), and batches of orders.
 * Depends on nothing else in stockcore.
 */
package dev.stockcore.bench.workload;
