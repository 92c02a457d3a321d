-- The holder finishes the task with an outcome (and, for a referral, the partner), and with
-- the specialist's risk review when one is given.
-- ARGV[4] task id   ARGV[5] allowed from-states   ARGV[6] to-state   ARGV[7] outcome
-- ARGV[8] note   ARGV[9] retention (ms)   ARGV[10] referral ('' = none)
-- ARGV[11] today's Dutch date (YYYY-MM-DD) for the statistics
-- ARGV[12] risk verdict ('' = no review)   ARGV[13] confirmed category ('' = none)
-- ARGV[14] this ISO week ("2024-W18")   ARGV[15] the missed-text entry (JSON with the
-- scrubbed questions; '' = none)   ARGV[16] how many questions that text was made from
-- (-1 = none)   ARGV[17] how many missed texts the tenant keeps
-- Replies 'changed' when a confirmed, unflagged task's questions are not those the missed
-- text was made from (a repeat contact came in meanwhile): the service scrubs again.
local id, from, to, outcome, note, retention = ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9]
local referral, day = ARGV[10], ARGV[11]
local verdict, category, week, missed_entry = ARGV[12], ARGV[13], ARGV[14], ARGV[15]
local missed_from, missed_cap = tonumber(ARGV[16]), ARGV[17]
local t = load_meta(id)
local err = check_holder(t, from)
if err then return err end
local flagged, missed = false, false
if verdict ~= '' then
  flagged = flagged_task(id)
  missed = verdict == 'confirmed' and not flagged
  if missed and #cjson.decode(redis.call('HGET', tkey(id), 'questions') or '[]') ~= missed_from then
    return { 'changed' }
  end
end
move_state(id, t, to)
redis.call('HSET', tkey(id), 'outcome', outcome)
local detail = outcome
if referral ~= '' then
  redis.call('HSET', tkey(id), 'referral', referral)
  detail = outcome .. ': ' .. referral
end
if verdict ~= '' then
  redis.call('HSET', tkey(id), 'risk_verdict', verdict)
  if category ~= '' then redis.call('HSET', tkey(id), 'risk_category', category) end
  count_risk_review(flagged, verdict, category, week)
  if missed then keep_missed(missed_entry, missed_cap, retention) end
end
history(id, 'completed', from, to, detail, note)
local calls = tonumber(redis.call('HGET', tkey(id), 'attempts') or '0') + 1
count_completion(id, t, day, outcome, referral, calls)
close(id, t, retention)
publish('completed', id, to, { 'outcome', outcome })
audit('completed', id, t.ref, detail)
return { 'ok', flat(id) }
