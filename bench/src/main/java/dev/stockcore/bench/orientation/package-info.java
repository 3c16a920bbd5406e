/**
 * Short closed-loop throughput runs of the server peers, for orientation while developing them: a few seconds per
 * client setting, not the benchmark (the peak simulator and the report own the published figures). Depends on the
 * peers and workload packages.
 */
package dev.stockcore.bench.orientation;
