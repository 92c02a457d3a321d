-- A task with its history, read in one step so they agree.
-- ARGV[4] task id; ARGV[5] '0' for the task without its history
local f = flat(ARGV[4])
if #f == 0 then return { 'not_found' } end
if ARGV[5] == '0' then return { 'ok', f } end
return { 'ok', f, redis.call('LRANGE', K .. 'hist:' .. ARGV[4], 0, -1) }
