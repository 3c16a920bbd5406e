/**
 * The Redis peer: stock in one hash per physical product, reserved all-or-nothing by a Lua script called with
 * EVALSHA and pipelined per batch through Jedis, and its launcher, which starts a throwaway server with
 * {@code bench/scripts/redis.sh}. Depends on the peers and workload packages and Jedis.
 */
package dev.stockcore.bench.peers.redis;
