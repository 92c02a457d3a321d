-- A supervisor gives a queued or claimed task to a specialist, with a fresh lease. The
-- previous holder's lease ends: their next action on it answers stale_lease. Outside the
-- family's safe times only when the supervisor says they checked that a call now is safe,
-- as for a claim (the specialist who gets it would call): audited.
-- ARGV[4] task id   ARGV[5] new holder   ARGV[6] lease until (ms)   ARGV[7] allowed
-- from-states   ARGV[8] to-state   ARGV[9] note   ARGV[10] minute of the Dutch day
-- ARGV[11] ISO weekday   ARGV[12] '1': checked_safe_time
local id, to_user, lease_until, from, to, note = ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9]
local t = load_meta(id)
if not t then return { 'not_found' } end
if not listed(t.state, from) then return { 'conflict', t.state } end
local checked = ''
if not safe_now(t.safe_minutes, t.safe_days, tonumber(ARGV[10]), ARGV[11]) then
  if ARGV[12] ~= '1' then return { 'outside_safe_time', t.state } end
  checked = ' checked_safe_time'
end
local before = t.state
local previous = before == 'claimed' and (t.holder or '') or 'queue'
take(id, t, to, to_user, lease_until)
local detail = previous .. '->' .. to_user .. checked
history(id, 'reassigned', before, to, detail, note)
publish('reassigned', id, to, { 'from', previous, 'to', to_user })
audit('reassigned', id, t.ref, detail)
return { 'ok', flat(id) }
