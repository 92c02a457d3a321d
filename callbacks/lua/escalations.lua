-- One page of escalations, oldest first.
-- ARGV[4] '1' for unacknowledged only   ARGV[5] offset   ARGV[6] limit
local zkey = K .. (ARGV[4] == '1' and 'esc_open' or 'escalations')
local offset, limit = tonumber(ARGV[5]), tonumber(ARGV[6])
local ids = redis.call('ZRANGE', zkey, offset, offset + limit - 1)
local out = {}
for _, id in ipairs(ids) do out[#out + 1] = escalation_flat(id) end
return { redis.call('ZCARD', zkey), out }
