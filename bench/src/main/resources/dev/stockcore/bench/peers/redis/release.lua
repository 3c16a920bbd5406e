-- Releases a held reservation: its units become available again.
-- KEYS[1]  the reservation's hash: field 'state' and one field per holder's stock hash with the units held.
-- The stock keys are read from the reservation rather than passed in KEYS: correct on one Redis server (what the
-- benchmark runs), not on Redis Cluster.
-- Returns 1 when released, 0 when the reservation is unknown or no longer held (nothing changed).
if redis.call('HGET', KEYS[1], 'state') ~= 'held' then
    return 0
end
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
    if fields[i] ~= 'state' then
        redis.call('HINCRBY', fields[i], 'reserved', -tonumber(fields[i + 1]))
    end
end
redis.call('HSET', KEYS[1], 'state', 'released')
return 1
