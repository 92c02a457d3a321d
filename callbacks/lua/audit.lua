-- An audit entry for an action that changes nothing (a specialist viewed a number).
-- ARGV[4] action   ARGV[5] task id ('' = none)   ARGV[6] detail
local action, id, detail = ARGV[4], ARGV[5], ARGV[6]
local ref = ''
if id ~= '' then
  ref = redis.call('HGET', tkey(id), 'ref')
  if not ref then return { 'not_found' } end
end
audit(action, id, ref, detail)
return { 'ok' }
