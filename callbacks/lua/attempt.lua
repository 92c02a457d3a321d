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
-- ARGV[14] the least time (ms) between two attempts that both count towards giving up
--
-- Giving up counts only attempts spread out in time: one made within ARGV[14] (the retry
-- interval) of the last counted one is recorded (history, attempts, statistics) but does not
-- count (`counted_attempts`). An explicit claim ignores the retry time, so three "no answer"
-- clicks within a minute closed a calm task as unreachable (a tester's finding); now the
-- closing attempt is at least (max - 1) retry intervals after the first.
local id, from, to, result, note = ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local not_before, max_attempts = ARGV[9], tonumber(ARGV[10])
local exhausted_to, retention, day = ARGV[11], ARGV[12], ARGV[13]
local min_gap = tonumber(ARGV[14])
local t = load_meta(id)
local err = check_holder(t, from)
if err then return err end
-- The family's terms: a voicemail only where they allowed one (the default is no).
if result == 'voicemail' and redis.call('HGET', tkey(id), 'voicemail') ~= '1' then
  return { 'voicemail_not_allowed', t.state }
end
local attempts = redis.call('HINCRBY', tkey(id), 'attempts', 1)
local f = redis.call('HMGET', tkey(id), 'counted_attempt_at', 'counted_attempts', 'risk_flags')
local last_counted, counted = tonumber(f[1] or ''), tonumber(f[2] or '0')
if not last_counted or NOW - last_counted >= min_gap then
  counted = counted + 1
  redis.call('HSET', tkey(id), 'counted_attempts', counted, 'counted_attempt_at', NOW_S)
end
end_lease(id)
first_contact(id, t, day)
count_day('work', day, ACTOR .. ':attempts')
audit('attempt', id, t.ref, result)
local risky = t.priority == 'urgent' or (f[3] or '[]') ~= '[]'
if counted >= max_attempts and not risky then
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
