-- The risk review counters of the named ISO weeks, each as a flat field list.
-- ARGV[4..] the weeks ("2024-W18")
local out = {}
for i = 4, #ARGV do out[#out + 1] = redis.call('HGETALL', K .. 'risk:week:' .. ARGV[i]) end
return out
