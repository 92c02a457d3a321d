-- Per specialist: tasks held now (from the leases index), and today's completions and
-- attempts (the day's `work:<date>` counters). Walks at most ARGV[5] claimed tasks.
-- ARGV[4] today's Dutch date (YYYY-MM-DD)   ARGV[5] scan limit
local holders = {}
for _, id in ipairs(redis.call('ZRANGE', K .. 'leases', 0, tonumber(ARGV[5]) - 1)) do
  local h = redis.call('HGET', tkey(id), 'holder')
  if h then holders[#holders + 1] = h end
end
return { holders, redis.call('HGETALL', K .. 'work:' .. ARGV[4]) }
