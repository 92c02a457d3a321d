-- The holder finishes the task with an outcome (and, for a referral, the partner).
-- ARGV[4] task id   ARGV[5] allowed from-states   ARGV[6] to-state   ARGV[7] outcome
-- ARGV[8] note   ARGV[9] retention (ms)   ARGV[10] referral ('' = none)
-- ARGV[11] today's Dutch date (YYYY-MM-DD) for the statistics
local id, from, to, outcome, note, retention = ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9]
local referral, day = ARGV[10], ARGV[11]
local t = load_meta(id)
local err = check_holder(t, from)
if err then return err end
move_state(id, t, to)
redis.call('HSET', tkey(id), 'outcome', outcome)
local detail = outcome
if referral ~= '' then
  redis.call('HSET', tkey(id), 'referral', referral)
  detail = outcome .. ': ' .. referral
end
history(id, 'completed', from, to, detail, note)
count_completion(id, t, day)
close(id, t, retention)
publish('completed', id, to, { 'outcome', outcome })
audit('completed', id, t.ref, detail)
return { 'ok', flat(id) }
