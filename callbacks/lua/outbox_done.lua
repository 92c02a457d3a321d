-- The webhook for this task was delivered.
-- ARGV[4] task id
local id = ARGV[4]
if redis.call('ZREM', K .. 'outbox', id) == 0 then return 0 end
redis.call('HSET', K .. 'esc:' .. id, 'webhook_sent_at', NOW_S)
local state = redis.call('HGET', tkey(id), 'state') or ''
history(id, 'webhook_sent', '', '', 'escalation level 2', '')
publish('webhook_sent', id, state)
return 1
