-- A note on a task, in any state until it is anonymised. Not a transition: a history line
-- and an event, the state stays.
-- ARGV[4] task id   ARGV[5] note
local id, note = ARGV[4], ARGV[5]
local t = load_meta(id)
if not t then return { 'not_found' } end
if t.anonymised_at then return { 'conflict', 'anonymised' } end
history(id, 'note', '', '', '', note)
publish('note', id, t.state)
audit('note', id, t.ref, '')
return { 'ok', flat(id) }
