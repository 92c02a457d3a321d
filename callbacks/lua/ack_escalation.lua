-- A supervisor acknowledges the escalation of a breached task.
-- ARGV[4] task id
local id = ARGV[4]
local ekey = K .. 'esc:' .. id
if redis.call('EXISTS', ekey) == 0 then return { 'not_found' } end
if redis.call('HGET', ekey, 'acked_by') then return { 'conflict', 'acknowledged' } end
redis.call('HSET', ekey, 'acked_by', ACTOR, 'acked_at', NOW_S)
redis.call('ZREM', K .. 'esc_open', id)
local state = redis.call('HGET', tkey(id), 'state') or ''
history(id, 'escalation_acknowledged', '', '', '', '')
publish('escalation_acknowledged', id, state)
audit('escalation_acknowledged', id, redis.call('HGET', ekey, 'ref'), '')
return { 'ok', escalation_flat(id) }
