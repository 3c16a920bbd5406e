/**
 * The workload every contender runs: the catalogue of products with shared stock, and batches of orders.
 * Depends on nothing else in stockcore.
 */
package dev.stockcore.bench.workload;
