-- A supervisor withdraws a task (duplicate, caller withdrew, wrong line), with a reason.
-- ARGV[4] task id   ARGV[5] allowed from-states   ARGV[6] to-state   ARGV[7] reason
-- ARGV[8] retention (ms)   ARGV[9] today's Dutch date (YYYY-MM-DD) for the statistics
local id, from, to, reason, retention, day = ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9]
local t = load_meta(id)
if not t then return { 'not_found' } end
if not listed(t.state, from) then return { 'conflict', t.state } end
local before = t.state
move_state(id, t, to)
redis.call('HSET', tkey(id), 'cancel_reason', reason)
history(id, 'cancelled', before, to, '', reason)
close(id, t, retention)
count_day('day', day, 'cancelled')
publish('cancelled', id, to)
audit('cancelled', id, t.ref, before)
return { 'ok', flat(id) }
