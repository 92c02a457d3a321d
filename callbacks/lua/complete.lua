-- The holder finishes the task with an outcome.
-- ARGV[4] task id   ARGV[5] allowed from-states   ARGV[6] to-state   ARGV[7] outcome
-- ARGV[8] note   ARGV[9] retention (ms)
local id, from, to, outcome, note, retention = ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9]
local t = load_meta(id)
local err = check_holder(t, from)
if err then return err end
move_state(id, t, to)
redis.call('HSET', tkey(id), 'outcome', outcome)
history(id, 'completed', from, to, outcome, note)
close(id, t, retention)
publish('completed', id, to, { 'outcome', outcome })
return { 'ok', flat(id) }
