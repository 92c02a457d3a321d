-- The kept missed-case texts within the retention, newest first.
-- ARGV[4] retention (ms)   ARGV[5] at most this many
local since = num(NOW - tonumber(ARGV[4]))
return redis.call('ZREVRANGEBYSCORE', K .. 'risk:missed', '+inf', since, 'LIMIT', 0, tonumber(ARGV[5]))
