package dev.stockcore.bench.peers.redis;

/**
 * SHA1 digests of the loaded Lua scripts, as SCRIPT LOAD returned them, for EVALSHA.
 *
 * @param reserve digest of {@code reserve.lua}.
 * @param commit  digest of {@code commit.lua}.
 * @param release digest of {@code release.lua}.
 */
record RedisScripts(byte[] reserve, byte[] commit, byte[] release)
{
}
