-- Claim this task (the specialist picked it from a list). A not-before time does not stop
-- an explicit claim: the specialist chose to call now. The family's safe times do, unless the
-- specialist says they checked that calling now is safe; that is audited.
-- ARGV[4] lease until   ARGV[5] task id   ARGV[6] allowed from-states   ARGV[7] to-state
-- ARGV[8] minute of the Dutch day   ARGV[9] ISO weekday   ARGV[10] '1': checked_safe_time
local lease_until, id, from, to = ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local t = load_meta(id)
if not t then return { 'not_found' } end
if not listed(t.state, from) then return { 'conflict', t.state, t.holder or '' } end
local detail = ''
if not safe_now(t.safe_minutes, t.safe_days, tonumber(ARGV[8]), ARGV[9]) then
  if ARGV[10] ~= '1' then return { 'outside_safe_time', t.state } end
  detail = 'checked_safe_time'
end
take(id, t, to, ACTOR, lease_until)
history(id, 'claimed', from, to, detail, '')
publish('claimed', id, to)
audit('claimed', id, t.ref, detail)
return { 'ok', flat(id) }
