-- The holder gives the task back to the queue untouched; or a supervisor takes it from
-- whoever holds it (lease expired or not), and the history says whose it was.
-- ARGV[4] task id   ARGV[5] allowed from-states   ARGV[6] to-state   ARGV[7] note
-- ARGV[8] '1' when a supervisor releases it
local id, from, to, note, by_supervisor = ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8] == '1'
local t = load_meta(id)
local detail = ''
if by_supervisor then
  if not t then return { 'not_found' } end
  if not listed(t.state, from) then return { 'conflict', t.state } end
  detail = 'holder ' .. (t.holder or '')
else
  local err = check_holder(t, from)
  if err then return err end
end
end_lease(id)
move_state(id, t, to)
enqueue(id, t)
history(id, 'released', from, to, detail, note)
publish('released', id, to)
audit('released', id, t.ref, detail)
return { 'ok', flat(id) }
