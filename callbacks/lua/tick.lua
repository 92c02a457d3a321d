-- One scanner step: expired leases back to the queue, then due timers fired. Each due
-- entry is removed from its sorted set by the same script that acts on it, so with any
-- number of scanners every lease expiry and every timer takes effect exactly once. The cost
-- is O(log N + due) thanks to ZRANGEBYSCORE ... LIMIT: pending tasks that are not due are
-- never touched.
-- ARGV[4] batch limit   ARGV[5] expire from-states   ARGV[6] expire to-state
-- ARGV[7] '1' to queue second-level escalations for the webhook outbox
-- ARGV[8] retention (ms): missed risk texts older than this are dropped
-- ARGV[9] audit retention (ms): audit entries older than this are dropped (up to the limit)
-- ARGV[10], ARGV[11] NOW on the Dutch clock: minute of the day, ISO weekday (the family's safe
-- times; Lua has no time-zone rules)
local limit, exp_from, exp_to, use_outbox = tonumber(ARGV[4]), ARGV[5], ARGV[6], ARGV[7]
local dutch_minute, dutch_weekday = tonumber(ARGV[10]), tonumber(ARGV[11])
if ARGV[8] then trim_missed(ARGV[8]) end
local expired, fired, audited = 0, 0, 0
if ARGV[9] then audited = trim_audit(ARGV[9], limit) end

local leases = redis.call('ZRANGEBYSCORE', K .. 'leases', '-inf', NOW_S, 'LIMIT', 0, limit)
for _, id in ipairs(leases) do
  redis.call('ZREM', K .. 'leases', id)
  local t = load_meta(id)
  if t and listed(t.state, exp_from) and tonumber(t.lease_until or '0') <= NOW then
    local holder = t.holder or ''
    end_lease(id)
    move_state(id, t, exp_to)
    enqueue(id, t)
    history(id, 'lease_expired', exp_from, exp_to, holder, '')
    publish('lease_expired', id, exp_to, { 'holder', holder })
    expired = expired + 1
  end
end

local function is_open(t) return t and (t.state == 'queued' or t.state == 'claimed') end

-- Each handler answers how many timer events it fired.
local handlers = {}

handlers.ready = function(id, t)
  if not t or t.state ~= 'queued' then return 0 end
  redis.call('HDEL', tkey(id), 'not_before')
  redis.call('ZREM', K .. 'waiting', id)
  t.not_before = nil
  enqueue(id, t)
  publish('ready', id, t.state)
  return 1
end

-- The three SLA stages. Each checks its own flag, so a stage fires once whichever timer
-- (or re-armed timer) reaches it, and updates `t` for the stage after it.
local function fire_at_risk(id, t)
  if not is_open(t) or t.at_risk == '1' or t.breached == '1' then return false end
  local raised = RAISE[t.priority]
  redis.call('HSET', tkey(id), 'at_risk', '1', 'priority', raised)
  if redis.call('ZSCORE', K .. 'queue', id) then
    redis.call('ZADD', K .. 'queue', 'XX', queue_score(raised, t.due_at), id)
  end
  redis.call('SADD', K .. 'at_risk', id)
  track_urgent(id, raised)
  local detail = 'priority ' .. t.priority .. '->' .. raised
  local extra = { 'priority', raised, 'notify', 'supervisors' }
  -- The family's safe times may leave no moment before the deadline (evening only, and the
  -- evening has passed): the warning says so, and the task keeps the first safe moment after
  -- it (`safe_from`), which the console shows.
  local due = tonumber(t.due_at)
  if dutch_minute and dutch_weekday and NOW < due then
    local first = first_safe_from_now(t, dutch_minute, dutch_weekday, 8 * DAY_MS)
    if not first or first >= due then
      if first then redis.call('HSET', tkey(id), 'safe_from', num(first)) end
      detail = detail .. ', no safe time before the deadline'
      extra[#extra + 1] = 'safe_before_due'
      extra[#extra + 1] = '0'
    end
  end
  history(id, 'at_risk', '', '', detail, '')
  publish('at_risk', id, t.state, extra)
  t.at_risk, t.priority = '1', raised
  return true
end

local function fire_breach(id, t)
  if not is_open(t) or t.breached == '1' then return false end
  redis.call('HSET', tkey(id), 'breached', '1', 'esc_level', '1')
  redis.call('SREM', K .. 'at_risk', id)
  redis.call('SADD', K .. 'breached', id)
  redis.call('HSET', K .. 'esc:' .. id, 'task', id, 'ref', t.ref or '', 'level', '1',
             'created_at', NOW_S, 'due_at', t.due_at)
  redis.call('ZADD', K .. 'escalations', NOW_S, id)
  redis.call('ZADD', K .. 'esc_open', NOW_S, id)
  history(id, 'breached', '', '', 'escalation level 1', '')
  publish('breached', id, t.state, { 'level', '1', 'notify', 'supervisors' })
  t.breached, t.esc_level = '1', '1'
  return true
end

local function fire_second(id, t)
  if not is_open(t) or tonumber(t.esc_level or '0') >= 2 then return false end
  redis.call('HSET', tkey(id), 'esc_level', '2')
  redis.call('HSET', K .. 'esc:' .. id, 'level', '2', 'second_level_at', NOW_S)
  if use_outbox == '1' then redis.call('ZADD', K .. 'outbox', NOW_S, id) end
  history(id, 'escalated', '', '', 'escalation level 2', '')
  publish('escalated', id, t.state, { 'level', '2', 'notify', 'team_lead' })
  t.esc_level = '2'
  return true
end

local function one(fired_it) if fired_it then return 1 end return 0 end

-- The task's one SLA timer (create.lua, arm_sla): every stage that is due fires now, in
-- order (a scanner that was down catches up in one tick), then the timer is re-armed for the next stage still ahead.
handlers.sla = function(id, t)
  if not is_open(t) then return 0 end
  local n = one(fire_at_risk(id, t))
  if t.breached ~= '1' and tonumber(t.due_at) <= NOW then n = n + one(fire_breach(id, t)) end
  if t.breached == '1' and t.second_at and tonumber(t.second_at) <= NOW then
    n = n + one(fire_second(id, t))
  end
  arm_sla(id, t)
  return n
end

-- Retention: personal data goes, statistics (times, priority, channel, language, topic,
-- outcome, attempts, escalation) stay.
handlers.anon = function(id, t)
  if not t or is_open(t) or t.anonymised_at then return 0 end
  redis.call('HDEL', tkey(id), 'phone', 'name', 'cancel_reason', 'risk_words', 'alt_phone',
             'terms_note')
  redis.call('HSET', tkey(id), 'questions', '[]', 'anonymised_at', NOW_S)
  strip_notes(id)
  publish('anonymised', id, t.state)
  return 1
end

local timers = redis.call('ZRANGEBYSCORE', K .. 'timers', '-inf', NOW_S, 'LIMIT', 0, limit)
for _, member in ipairs(timers) do
  redis.call('ZREM', K .. 'timers', member)
  local kind, id = string.match(member, '^([%w_]+):(.+)$')
  local handler = kind and handlers[kind]
  if handler then fired = fired + handler(id, load_meta(id)) end
end

local more = 0
if #leases == limit or #timers == limit or audited == limit then more = 1 end
return { expired, fired, more, audited }
