-- Holds units on every holder of one order, or on none.
-- KEYS[1]     the reservation's hash, e.g. reservation:42
-- KEYS[2..n]  stock hashes of the order's holders (the source for a line on a virtual product), distinct:
--             the client sums lines that share a holder, so that each is checked against its total
-- ARGV[1..]   units to hold on KEYS[i + 1]
-- Returns 1 when held, 0 when some holder has fewer units available (nothing changed), -1 when the
-- reservation id is already used (nothing changed).
if redis.call('EXISTS', KEYS[1]) == 1 then
    return -1
end
for i = 2, #KEYS do
    local stock = redis.call('HMGET', KEYS[i], 'physical', 'reserved')
    if not stock[1] then
        return redis.error_reply('no stock hash ' .. KEYS[i])
    end
    if tonumber(stock[1]) - tonumber(stock[2]) < tonumber(ARGV[i - 1]) then
        return 0
    end
end
local lines = {}
for i = 2, #KEYS do
    redis.call('HINCRBY', KEYS[i], 'reserved', ARGV[i - 1])
    lines[#lines + 1] = KEYS[i]
    lines[#lines + 1] = ARGV[i - 1]
end
redis.call('HSET', KEYS[1], 'state', 'held', unpack(lines))
return 1
