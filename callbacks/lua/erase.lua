-- Erasure on request (docs/privacy.md): one task of the number, in one step, so a claim or a
-- repeat contact at the same moment either happens before (and is undone here) or finds the
-- task cancelled. An open task is cancelled with the reason; then the number, name, questions,
-- risk words, the family's alternative number and note, and the history's notes go, as at anonymisation, and the task is marked erased.
-- Counters, times, outcome and escalation level stay: statistics do not change.
-- ARGV[4] task id   ARGV[5] the number (E.164): the task must still be its task
-- ARGV[6] allowed from-states of cancel   ARGV[7] its to-state   ARGV[8] cancel reason
-- ARGV[9..] idempotency keys (source keys) that named the task: deleted if they still do
-- Reply: { 'ok', cancelled 0|1, notes removed, idempotency keys removed, index removed 0|1,
--          missed texts removed }, { 'not_found' }, or { 'changed' } (another number's task)
local id, phone, from, to, reason = ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local t = load_meta(id)
if not t then return { 'not_found' } end
if t.phone ~= phone then return { 'changed' } end
-- The repeat-contact index names the number's open task; close() below would drop it too.
local index = 0
if redis.call('HGET', K .. 'open_by_number', phone) == id then
  redis.call('HDEL', K .. 'open_by_number', phone)
  index = 1
end
local cancelled = 0
if listed(t.state, from) then
  local before = t.state
  move_state(id, t, to)
  redis.call('HSET', tkey(id), 'cancel_reason', reason)
  history(id, 'cancelled', before, to, '', '')
  close(id, t, 0)
  publish('cancelled', id, to)
  audit('cancelled', id, t.ref, before)
  cancelled = 1
elseif t.state == 'cancelled' then
  -- A supervisor's reason may quote the caller.
  redis.call('HSET', tkey(id), 'cancel_reason', reason)
end
-- Retention has nothing left to do for this task.
redis.call('ZREM', K .. 'timers', 'anon:' .. id)
redis.call('HDEL', tkey(id), 'phone', 'name', 'risk_words', 'alt_phone', 'terms_note')
redis.call('HSET', tkey(id), 'questions', '[]', 'anonymised_at', NOW_S, 'erased_at', NOW_S)
local notes = strip_notes(id)
local keys = 0
for i = 9, #ARGV do
  local key = K .. 'idem:' .. ARGV[i]
  if redis.call('GET', key) == id then
    redis.call('DEL', key)
    keys = keys + 1
  end
end
-- The scrubbed question a specialist marked as a missed risk signal came from this caller.
local missed = 0
for _, entry in ipairs(redis.call('ZRANGE', K .. 'risk:missed', 0, -1)) do
  local ok, m = pcall(cjson.decode, entry)
  if ok and type(m) == 'table' and m.id == id then
    redis.call('ZREM', K .. 'risk:missed', entry)
    missed = missed + 1
  end
end
publish('erased', id, t.state)
return { 'ok', cancelled, notes, keys, index, missed }
