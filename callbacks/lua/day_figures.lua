-- Every counter of the per-day figures hash for the given Dutch calendar dates, in the order
-- given (the municipality's reports; contact/report.hpp names the fields).
-- ARGV[4..] dates (YYYY-MM-DD)
local out = {}
for i = 4, #ARGV do out[#out + 1] = redis.call('HGETALL', K .. 'day:' .. ARGV[i]) end
return out
