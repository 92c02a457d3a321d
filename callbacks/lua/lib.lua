-- Prepended to every script at build time (callbacks/embed_lua.cmake), so the helpers are
-- written once. Calling convention of all scripts:
--   KEYS[1]  the tenant's key prefix "cb:{tenant}:" (its hash tag puts every key of the
--            tenant in one cluster slot; the other keys are built from it)
--   ARGV[1]  now in ms (the service's injected clock, never Redis TIME, so tests can move it)
--   ARGV[2]  actor (specialist, supervisor, "system", "caller")
--   ARGV[3]  MAXLEN for the events stream
--   ARGV[4..] the script's own arguments
-- Replies are arrays whose first element is a status: 'ok', 'not_found', 'conflict',
-- 'stale_lease', 'empty', 'created', 'merged', 'existing'.
local K = KEYS[1]
local NOW = tonumber(ARGV[1])
local ACTOR = ARGV[2]
local MAXLEN = ARGV[3]

local function tkey(id) return K .. 'task:' .. id end

-- Integers as plain digits: tostring() would give 1.7e+12 style for large numbers.
local function num(x) return string.format('%.0f', x) end

-- Is `item` in the comma-separated `list`?
local function listed(item, list)
  return string.find(',' .. list .. ',', ',' .. item .. ',', 1, true) ~= nil
end

-- Same formula as queue_score() in callbacks/sla.cpp: urgent before high before normal,
-- then by due time.
local RANK = { urgent = 0, high = 1, normal = 2 }
local RAISE = { normal = 'high', high = 'urgent', urgent = 'urgent' }
local function queue_score(priority, due)
  return num(RANK[priority] * 1e13 + tonumber(due))
end

-- The task hash as a Lua table, or nil.
local function load(id)
  local flat = redis.call('HGETALL', tkey(id))
  if #flat == 0 then return nil end
  local t = {}
  for i = 1, #flat, 2 do t[flat[i]] = flat[i + 1] end
  return t
end

-- Only the named fields (HMGET): the scanner's handlers need a few flags, not the
-- questions and lists, and run once per due timer.
local META = { 'state', 'created_at', 'due_at', 'priority', 'not_before', 'holder',
               'lease_until', 'at_risk', 'breached', 'esc_level', 'ref', 'anonymised_at', 'phone' }
local function load_meta(id)
  local values = redis.call('HMGET', tkey(id), unpack(META))
  if not values[1] then return nil end
  local t = {}
  for i, name in ipairs(META) do
    if values[i] then t[name] = values[i] end
  end
  return t
end

local function flat(id) return redis.call('HGETALL', tkey(id)) end

-- JSON arrays: cjson turns an empty table into {}, which is not a list.
local function encode_list(l)
  if #l == 0 then return '[]' end
  return cjson.encode(l)
end

local function history(id, action, from, to, detail, note)
  local e = { at = NOW, actor = ACTOR, action = action }
  if from and from ~= '' then e.from = from end
  if to and to ~= '' then e.to = to end
  if detail and detail ~= '' then e.detail = detail end
  if note and note ~= '' then e.note = note end
  redis.call('RPUSH', K .. 'hist:' .. id, cjson.encode(e))
end

-- One event per transition on the tenant's stream, for live consoles. Never personal data:
-- consoles fetch the task itself with their own authorisation.
local function publish(kind, id, state, extra)
  local args = { 'XADD', K .. 'events', 'MAXLEN', '~', MAXLEN, '*',
                 'type', kind, 'task', id, 'state', state, 'actor', ACTOR, 'at', num(NOW) }
  if extra then
    for _, v in ipairs(extra) do args[#args + 1] = v end
  end
  redis.call(unpack(args))
end

local function move_state(id, t, to)
  redis.call('ZREM', K .. 'state:' .. t.state, id)
  redis.call('ZADD', K .. 'state:' .. to, t.created_at, id)
  redis.call('HSET', tkey(id), 'state', to)
  t.state = to
end

-- Into the claimable queue, or, with a not-before time still ahead, onto a 'ready' timer.
local function enqueue(id, t)
  local nb = tonumber(t.not_before or '')
  if nb and nb > NOW then
    redis.call('ZADD', K .. 'timers', num(nb), 'ready:' .. id)
  else
    redis.call('ZADD', K .. 'queue', queue_score(t.priority, t.due_at), id)
  end
end

-- The caller holds the current, unexpired lease.
local function holds_lease(t)
  return t.state == 'claimed' and t.holder == ACTOR and tonumber(t.lease_until or '0') > NOW
end

-- The common checks of holder-only actions. Returns an error reply or nil.
local function check_holder(t, from)
  if not t then return { 'not_found' } end
  if not listed(t.state, from) then
    -- An open task that is no longer (or never was) yours: your lease is stale.
    if t.state == 'queued' or t.state == 'claimed' then return { 'stale_lease', t.state } end
    return { 'conflict', t.state }
  end
  if not holds_lease(t) then return { 'stale_lease', t.state } end
  return nil
end

local function end_lease(id)
  redis.call('HDEL', tkey(id), 'holder', 'lease_until')
  redis.call('ZREM', K .. 'leases', id)
end

-- Completed or cancelled: out of every open index, timers stopped, anonymisation scheduled.
local function close(id, t, retention_ms)
  redis.call('ZREM', K .. 'queue', id)
  end_lease(id)
  redis.call('ZREM', K .. 'timers', 'ready:' .. id, 'at_risk:' .. id, 'breach:' .. id,
             'second:' .. id)
  if t.phone and t.phone ~= '' and redis.call('HGET', K .. 'open_by_number', t.phone) == id then
    redis.call('HDEL', K .. 'open_by_number', t.phone)
  end
  redis.call('SREM', K .. 'at_risk', id)
  redis.call('SREM', K .. 'breached', id)
  redis.call('HSET', tkey(id), 'closed_at', num(NOW))
  redis.call('HDEL', tkey(id), 'not_before')
  if t.state == 'completed' then redis.call('ZADD', K .. 'done', num(NOW), id) end
  redis.call('ZADD', K .. 'timers', num(NOW + tonumber(retention_ms)), 'anon:' .. id)
end
