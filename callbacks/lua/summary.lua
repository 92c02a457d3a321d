-- Counts for the supervisor dashboard, all from index sizes: O(log N) at most.
-- ARGV[4] start of "today" (ms)
return {
  redis.call('ZCARD', K .. 'state:queued'),
  redis.call('ZCARD', K .. 'state:claimed'),
  redis.call('SCARD', K .. 'at_risk'),
  redis.call('SCARD', K .. 'breached'),
  redis.call('ZCOUNT', K .. 'done', ARGV[4], '+inf'),
  redis.call('ZCARD', K .. 'esc_open'),
  redis.call('ZCARD', K .. 'queue'),
  redis.call('SCARD', K .. 'urgent'),
}
