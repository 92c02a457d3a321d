-- Claim this task (the specialist picked it from a list). A not-before time does not stop
-- an explicit claim: the specialist chose to call now.
-- ARGV[4] lease until   ARGV[5] task id   ARGV[6] allowed from-states   ARGV[7] to-state
local lease_until, id, from, to = ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local t = load_meta(id)
if not t then return { 'not_found' } end
if not listed(t.state, from) then return { 'conflict', t.state, t.holder or '' } end
take(id, t, to, ACTOR, lease_until)
history(id, 'claimed', from, to, '', '')
publish('claimed', id, to)
audit('claimed', id, t.ref, '')
return { 'ok', flat(id) }
