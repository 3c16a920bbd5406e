/**
 * The JMH suites ({@code *Benchmark}: engine core, SKU skew, journal append, replay), the engine kept in a steady
 * state for them, the JVM flags their forks need, and the programmatic runner the CLI uses. Depends on the engine,
 * the journal and the workload package (whose CatalogueLoader fills the engine); every measured path is allocation
 * free.
 */
package dev.stockcore.bench.jmh;
