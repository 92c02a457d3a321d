-- A webhook was delivered, or its task is gone (retention): off the outbox.
-- ARGV[4] the outbox member (a task id, or `urgent:<task id>`)
local member = ARGV[4]
if redis.call('ZREM', K .. 'outbox', member) == 0 then return 0 end
local id, what = member, 'escalation level 2'
if string.sub(member, 1, 7) == 'urgent:' then
  id, what = string.sub(member, 8), 'urgent'
end
local state = redis.call('HGET', tkey(id), 'state')
if not state then return 1 end
if what ~= 'urgent' then redis.call('HSET', K .. 'esc:' .. id, 'webhook_sent_at', NOW_S) end
history(id, 'webhook_sent', '', '', what, '')
publish('webhook_sent', id, state)
return 1
