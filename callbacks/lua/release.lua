-- The holder gives the task back to the queue untouched.
-- ARGV[4] task id   ARGV[5] allowed from-states   ARGV[6] to-state   ARGV[7] note
local id, from, to, note = ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local t = load_meta(id)
local err = check_holder(t, from)
if err then return err end
end_lease(id)
move_state(id, t, to)
enqueue(id, t)
history(id, 'released', from, to, '', note)
publish('released', id, to)
return { 'ok', flat(id) }
