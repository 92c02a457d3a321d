-- A page of the audit stream, newest first.
-- ARGV[4] the id to read before ('' = from the newest)   ARGV[5] limit
local before, limit = ARGV[4], tonumber(ARGV[5])
local top = '+'
if before ~= '' then top = '(' .. before end
return redis.call('XREVRANGE', K .. 'audit', top, '-', 'COUNT', limit + 1)
