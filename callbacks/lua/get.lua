-- A task with its history, read in one step so they agree.
-- ARGV[4] task id
local f = flat(ARGV[4])
if #f == 0 then return { 'not_found' } end
return { 'ok', f, redis.call('LRANGE', K .. 'hist:' .. ARGV[4], 0, -1) }
