-- Per-day counters for the given Dutch calendar dates, in the order given.
-- ARGV[4..] dates (YYYY-MM-DD)
local out = {}
for i = 4, #ARGV do
  local f = redis.call('HMGET', K .. 'day:' .. ARGV[i], 'created', 'completed', 'within_sla')
  out[#out + 1] = { f[1] or '0', f[2] or '0', f[3] or '0' }
end
return out
