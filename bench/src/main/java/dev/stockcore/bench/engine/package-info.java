/**
 * The stockcore engine set up for measurement: a workload catalogue loaded into a {@code StockEngine} and orders
 * copied into its {@code OrderLines}. Depends on the engine and the workload package; the JMH suites and the peak
 * simulator's engine targets start from here.
 */
package dev.stockcore.bench.engine;
