-- Take due second-level webhooks for sending. Each taken entry is pushed ahead by the retry
-- interval, so only one scanner sends it now, and another retries it if the sender dies
-- before outbox_done: at-least-once delivery of an escalation fired exactly once.
-- ARGV[4] limit   ARGV[5] retry interval (ms)
local limit, retry = tonumber(ARGV[4]), tonumber(ARGV[5])
local ids = redis.call('ZRANGEBYSCORE', K .. 'outbox', '-inf', NOW_S, 'LIMIT', 0, limit)
local out = {}
for _, id in ipairs(ids) do
  redis.call('ZADD', K .. 'outbox', num(NOW + retry), id)
  out[#out + 1] = { flat(id), redis.call('HGETALL', K .. 'esc:' .. id) }
end
return out
