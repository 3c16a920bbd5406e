/**
 * The contenders stockcore is measured against, each behind {@link dev.stockcore.bench.peers.ReservationPeer}:
 * an in-JVM locked map, PostgreSQL and Redis. Peers depend on the workload package only, never on the engine.
 */
package dev.stockcore.bench.peers;
