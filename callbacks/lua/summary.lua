-- Counts for the supervisor dashboard, all from index sizes: O(log N) at most, except the
-- walk over the open urgent tasks (a handful at any time: each one is a crisis call).
-- ARGV[4] start of "today" (ms)
-- The 9th element: created_at (ms) of the oldest urgent task still queued, 0 when none
-- (/metrics turns it into an age for the "urgent task unclaimed" alert). The 10th: the
-- webhook outbox's size.
local oldest = 0
for _, id in ipairs(redis.call('SMEMBERS', K .. 'urgent')) do
  local f = redis.call('HMGET', tkey(id), 'state', 'created_at')
  local created = tonumber(f[2])
  if f[1] == 'queued' and created and (oldest == 0 or created < oldest) then oldest = created end
end
return {
  redis.call('ZCARD', K .. 'state:queued'),
  redis.call('ZCARD', K .. 'state:claimed'),
  redis.call('SCARD', K .. 'at_risk'),
  redis.call('SCARD', K .. 'breached'),
  redis.call('ZCOUNT', K .. 'done', ARGV[4], '+inf'),
  redis.call('ZCARD', K .. 'esc_open'),
  redis.call('ZCARD', K .. 'queue'),
  redis.call('SCARD', K .. 'urgent'),
  oldest,
  redis.call('ZCARD', K .. 'outbox'),
}
