-- Take due webhooks for sending: second-level escalations (member: the task id) and urgent
-- contacts (member `urgent:<task id>`). Each taken entry is pushed ahead by the retry
-- interval, so only one scanner sends it now, and another retries it if the sender dies
-- before outbox_done: at-least-once delivery of a notification queued exactly once.
-- ARGV[4] limit   ARGV[5] retry interval (ms)
-- Returns { member, kind ('escalation' or 'urgent'), task fields, escalation fields } each.
local limit, retry = tonumber(ARGV[4]), tonumber(ARGV[5])
local members = redis.call('ZRANGEBYSCORE', K .. 'outbox', '-inf', NOW_S, 'LIMIT', 0, limit)
local out = {}
for _, member in ipairs(members) do
  redis.call('ZADD', K .. 'outbox', num(NOW + retry), member)
  if string.sub(member, 1, 7) == 'urgent:' then
    out[#out + 1] = { member, 'urgent', flat(string.sub(member, 8)), {} }
  else
    out[#out + 1] = { member, 'escalation', flat(member), redis.call('HGETALL', K .. 'esc:' .. member) }
  end
end
return out
