-- An unsuccessful call: back to the queue with a not-before time, or, after the last
-- allowed attempt, completed as unreachable. A task with a risk signal (urgent, or risk
-- flags such as a concern) is never closed this way: it goes back to the queue like any
-- other attempt, so it stays in front of the specialists and its SLA timers escalate it to
-- the supervisors when it is late; only a person closes it (a completion or a supervisor's
-- cancel with a reason). Three unanswered calls in a minute must not end a child's request.
-- ARGV[4] task id   ARGV[5] allowed from-states   ARGV[6] to-state   ARGV[7] result
-- ARGV[8] note   ARGV[9] not before (ms)   ARGV[10] max attempts
-- ARGV[11] to-state when attempts are exhausted   ARGV[12] retention (ms)
-- ARGV[13] today's Dutch date (YYYY-MM-DD) for the statistics
local id, from, to, result, note = ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local not_before, max_attempts = ARGV[9], tonumber(ARGV[10])
local exhausted_to, retention, day = ARGV[11], ARGV[12], ARGV[13]
local t = load_meta(id)
local err = check_holder(t, from)
if err then return err end
-- The family's terms: a voicemail only where they allowed one (the default is no).
if result == 'voicemail' and redis.call('HGET', tkey(id), 'voicemail') ~= '1' then
  return { 'voicemail_not_allowed', t.state }
end
local attempts = redis.call('HINCRBY', tkey(id), 'attempts', 1)
end_lease(id)
first_contact(id, t, day)
count_day('work', day, ACTOR .. ':attempts')
audit('attempt', id, t.ref, result)
local risky = t.priority == 'urgent' or
  (redis.call('HGET', tkey(id), 'risk_flags') or '[]') ~= '[]'
if attempts >= max_attempts and not risky then
  move_state(id, t, exhausted_to)
  redis.call('HSET', tkey(id), 'outcome', 'unreachable')
  history(id, 'attempt', from, exhausted_to, result, note)
  count_completion(id, t, day, 'unreachable', '', attempts)
  close(id, t, retention)
  publish('completed', id, exhausted_to, { 'outcome', 'unreachable', 'attempts', attempts })
  audit('completed', id, t.ref, 'unreachable')
  return { 'ok', flat(id) }
end
redis.call('HSET', tkey(id), 'not_before', not_before)
t.not_before = not_before
move_state(id, t, to)
enqueue(id, t)
history(id, 'attempt', from, to, result, note)
publish('attempt', id, to, { 'result', result, 'attempts', attempts })
return { 'ok', flat(id) }
