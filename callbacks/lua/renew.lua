-- Extend the holder's lease. Not a transition, so no history line; consoles get an event.
-- ARGV[4] lease until   ARGV[5] task id   ARGV[6] allowed from-states
local lease_until, id, from = ARGV[4], ARGV[5], ARGV[6]
local t = load_meta(id)
local err = check_holder(t, from)
if err then return err end
redis.call('HSET', tkey(id), 'lease_until', lease_until)
redis.call('ZADD', K .. 'leases', lease_until, id)
publish('renewed', id, t.state)
return { 'ok', flat(id) }
