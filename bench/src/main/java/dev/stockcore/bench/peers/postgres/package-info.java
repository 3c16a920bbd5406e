/**
 * The PostgreSQL peer: stock in a table, reserved with conditional updates inside durable transactions through
 * JDBC and a HikariCP pool, and its launcher, which starts a throwaway server with {@code bench/scripts/postgresql.sh}.
 * Depends on the peers and workload packages, the PostgreSQL JDBC driver and HikariCP.
 */
package dev.stockcore.bench.peers.postgres;
