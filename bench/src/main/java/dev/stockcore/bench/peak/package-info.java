/**
 * The open-loop peak simulator: a generator that sends commands on a planned schedule, latency measured from each
 * command's intended send time into per-thread HdrHistogram recorders, and the targets it drives (the engine on
 * the generator thread, a peer, later the runtime) behind {@link dev.stockcore.bench.peak.PeakTarget}. Depends on
 * the engine, the journal, the workload and the peers packages.
 */
package dev.stockcore.bench.peak;
