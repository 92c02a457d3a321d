-- One page of tasks in a state, by creation time.
-- ARGV[4] state   ARGV[5] offset   ARGV[6] limit   ARGV[7] '1' for newest first
local zkey = K .. 'state:' .. ARGV[4]
local offset, limit = tonumber(ARGV[5]), tonumber(ARGV[6])
local args = { 'ZRANGE', zkey, offset, offset + limit - 1 }
if ARGV[7] == '1' then args[#args + 1] = 'REV' end
local ids = redis.call(unpack(args))
local tasks = {}
for _, id in ipairs(ids) do tasks[#tasks + 1] = flat(id) end
return { redis.call('ZCARD', zkey), tasks }
