-- The shared helpers of the callbacks function library. embed_lua.cmake builds one Redis
-- Functions library from this file and every other callbacks/lua/*.lua, each of which becomes
-- one function (FUNCTION LOAD once, then FCALL): the helpers below are defined once per load,
-- not once per call as a prelude of every EVAL script would be. Calling convention of all
-- functions:
--   KEYS[1]  the tenant's key prefix "cb:{tenant}:" (its hash tag puts every key of the
--            tenant in one cluster slot; the other keys are built from it)
--   ARGV[1]  now in ms (the service's injected clock, never Redis TIME, so tests can move it)
--   ARGV[2]  actor (specialist, supervisor, "system", "caller")
--   ARGV[3]  MAXLEN for the events stream, optionally followed by ';' and the id of the
--            request that caused the call (X-Request-Id, [A-Za-z0-9._-]{1,64}): history
--            entries and events carry it as request_id
--   ARGV[4..] the function's own arguments
-- Replies are arrays whose first element is a status: 'ok', 'not_found', 'conflict',
-- 'stale_lease', 'empty', 'created', 'merged', 'existing'.

-- The call's context, set by begin() at the start of every function. Functions run one at a
-- time and never yield, so these upvalues cannot be seen half-set.
local K, NOW, ACTOR, MAXLEN
local NOW_S  -- NOW as digits (as the service sent it): the hot paths write it several times
local RID    -- the request id, '' when the call comes from no request (the scanner)
local function begin(keys, argv)
  K, NOW_S, ACTOR = keys[1], argv[1], argv[2]
  MAXLEN, RID = string.match(argv[3], '^(%d+);?(.*)$')
  NOW = tonumber(NOW_S)
end

-- Statistics and audit: fixed sizes (docs/callbacks.md, "Statistics, workload and audit").
local DAY_MS = 86400000
local STATS_TTL_MS = 40 * DAY_MS     -- per-day workload hashes (daily view: <= 31 days)
-- The per-day figures hash (`day:<date>`) feeds the municipality's reports as well, which
-- look back years: aggregates only, day_figures_keep_days (callbacks/service.hpp; a test
-- checks that both agree), as long as contact/statistics.hpp keeps its own counters.
local REPORT_TTL_MS = 1100 * DAY_MS
local SAMPLE_KEEP_MS = 31 * DAY_MS   -- time-to-callback samples and in-SLA completions
local AUDIT_MAXLEN = '100000'        -- approximate cap of the audit stream

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
               'lease_until', 'at_risk', 'breached', 'esc_level', 'ref', 'anonymised_at', 'phone',
               'first_contact_at', 'second_at', 'safe_minutes', 'safe_days' }
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

-- A history string needs JSON escaping only with these bytes (cjson also escapes '/').
local function plain(s) return not string.find(s, '[%c"\\/]') end

local function history(id, action, from, to, detail, note)
  from, to, detail, note = from or '', to or '', detail or '', note or ''
  local entry
  if plain(ACTOR) and plain(from) and plain(to) and plain(detail) and plain(note) then
    -- The common case without cjson: the same JSON object (keys in another order).
    entry = '{"at":' .. NOW_S .. ',"actor":"' .. ACTOR .. '","action":"' .. action .. '"'
    if from ~= '' then entry = entry .. ',"from":"' .. from .. '"' end
    if to ~= '' then entry = entry .. ',"to":"' .. to .. '"' end
    if detail ~= '' then entry = entry .. ',"detail":"' .. detail .. '"' end
    if note ~= '' then entry = entry .. ',"note":"' .. note .. '"' end
    if RID ~= '' then entry = entry .. ',"request_id":"' .. RID .. '"' end
    entry = entry .. '}'
  else
    local e = { at = NOW, actor = ACTOR, action = action }
    if from ~= '' then e.from = from end
    if to ~= '' then e.to = to end
    if detail ~= '' then e.detail = detail end
    if note ~= '' then e.note = note end
    if RID ~= '' then e.request_id = RID end
    entry = cjson.encode(e)
  end
  redis.call('RPUSH', K .. 'hist:' .. id, entry)
end

-- One event per transition on the tenant's stream, for live consoles. Never personal data:
-- consoles fetch the task itself with their own authorisation.
local function publish(kind, id, state, extra)
  local args = { 'XADD', K .. 'events', 'MAXLEN', '~', MAXLEN, '*',
                 'type', kind, 'task', id, 'state', state, 'actor', ACTOR, 'at', NOW_S }
  if RID ~= '' then args[#args + 1] = 'request_id'; args[#args + 1] = RID end
  if extra then
    for _, v in ipairs(extra) do args[#args + 1] = v end
  end
  redis.call(unpack(args))
end

-- One entry on the tenant's audit stream: who did what to which task. Never a phone
-- number, a question or a free-text note: the task's history holds those.
local function audit(action, id, ref, detail)
  redis.call('XADD', K .. 'audit', 'MAXLEN', '~', AUDIT_MAXLEN, '*', 'at', NOW_S,
             'actor', ACTOR, 'action', action, 'task', id or '', 'ref', ref or '',
             'detail', detail or '')
end

-- Retention of the audit stream: entries whose `at` is `retention_ms` old or older go, oldest
-- first, at most `limit` per call; returns how many. The ids are Redis time (XADD *), not the
-- injected clock, so the cut is made by `at`. Entries are appended in time order, so the first
-- young one ends the walk, and a stream with nothing to trim costs one XRANGE of one entry.
local function trim_audit(retention_ms, limit)
  local key = K .. 'audit'
  local cutoff = NOW - tonumber(retention_ms)
  local function old(entry)
    local f = entry[2]
    for i = 1, #f, 2 do
      if f[i] == 'at' then return (tonumber(f[i + 1]) or 0) <= cutoff end
    end
    return true  -- every entry carries `at`; one without cannot be kept by its age
  end
  local first = redis.call('XRANGE', key, '-', '+', 'COUNT', 1)
  if #first == 0 or not old(first[1]) then return 0 end
  local ids = {}
  for _, e in ipairs(redis.call('XRANGE', key, '-', '+', 'COUNT', limit)) do
    if not old(e) then break end
    ids[#ids + 1] = e[1]
  end
  redis.call('XDEL', key, unpack(ids))
  return #ids
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
    -- The same wait in its own index, so lists can show waiting tasks by not-before time.
    redis.call('ZADD', K .. 'waiting', num(nb), id)
  else
    redis.call('ZADD', K .. 'queue', queue_score(t.priority, t.due_at), id)
  end
end

-- Off the queue and off any not-before wait.
local function unqueue(id)
  redis.call('ZREM', K .. 'queue', id)
  redis.call('ZREM', K .. 'timers', 'ready:' .. id)
  redis.call('ZREM', K .. 'waiting', id)
end

-- `holder` takes the task (claim, claim_next, reassign) with a lease until `lease_until`.
local function take(id, t, to, holder, lease_until)
  unqueue(id)
  move_state(id, t, to)
  redis.call('HSET', tkey(id), 'holder', holder, 'lease_until', lease_until)
  redis.call('HDEL', tkey(id), 'not_before')
  redis.call('ZADD', K .. 'leases', lease_until, id)
end

-- The family's safe times (callbacks/terms.hpp): is the Dutch clock's `minute` (0..1439) on
-- ISO `weekday` ('1'..'7') within the task's `safe_minutes` ('480-720,...', '' or absent: any
-- time) and `safe_days` ('12345', '' or absent: every day)? Lua has no time-zone rules, so the
-- service passes the Dutch clock; terms.cpp safe_at is the same check in C++.
local function safe_now(minutes, days, minute, weekday)
  if days and days ~= '' and not string.find(days, weekday, 1, true) then return false end
  if not minutes or minutes == '' then return true end
  for a, b in string.gmatch(minutes, '(%d+)-(%d+)') do
    if minute >= tonumber(a) and minute < tonumber(b) then return true end
  end
  return false
end

-- The first moment (ms, to the minute) from NOW within the task's safe times, looking at most
-- `horizon_ms` ahead; nil when none comes in it. `minute`/`weekday` are NOW on the Dutch
-- clock. The walk assumes the clock's offset stays as it is now, so across a change to or
-- from summer time the answer can be an hour off: good enough for a warning, never used to
-- refuse anything.
local function first_safe_from_now(t, minute, weekday, horizon_ms)
  if (t.safe_minutes or '') == '' and (t.safe_days or '') == '' then return NOW end
  local start = NOW - NOW % 60000
  for i = 0, math.floor(horizon_ms / 60000) do
    if safe_now(t.safe_minutes, t.safe_days, minute, tostring(weekday)) then
      return math.max(NOW, start + i * 60000)
    end
    minute = minute + 1
    if minute == 1440 then minute, weekday = 0, weekday % 7 + 1 end
  end
  return nil
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
  unqueue(id)
  end_lease(id)
  redis.call('ZREM', K .. 'timers', 'sla:' .. id)
  if t.phone and t.phone ~= '' and redis.call('HGET', K .. 'open_by_number', t.phone) == id then
    redis.call('HDEL', K .. 'open_by_number', t.phone)
  end
  redis.call('SREM', K .. 'at_risk', id)
  redis.call('SREM', K .. 'breached', id)
  redis.call('SREM', K .. 'urgent', id)
  redis.call('HSET', tkey(id), 'closed_at', NOW_S)
  redis.call('HDEL', tkey(id), 'not_before')
  if t.state == 'completed' then redis.call('ZADD', K .. 'done', NOW_S, id) end
  redis.call('ZADD', K .. 'timers', num(NOW + tonumber(retention_ms)), 'anon:' .. id)
end

-- The free-text notes out of a task's history (anonymisation, erasure); the entries stay.
-- Returns how many entries carried a note.
local function strip_notes(id)
  local hkey = K .. 'hist:' .. id
  local entries = redis.call('LRANGE', hkey, 0, -1)
  if #entries == 0 then return 0 end
  local cleaned, notes = { 'RPUSH', hkey }, 0
  for _, e in ipairs(entries) do
    local d = cjson.decode(e)
    if d.note then notes = notes + 1 end
    d.note = nil
    cleaned[#cleaned + 1] = cjson.encode(d)
  end
  redis.call('DEL', hkey)
  redis.call(unpack(cleaned))
  return notes
end

-- Open urgent tasks, for the dashboard count; called wherever a priority is set or raised.
local function track_urgent(id, priority)
  if priority == 'urgent' then redis.call('SADD', K .. 'urgent', id) end
end

-- One SLA timer per task, member `sla:<id>`, scored by its next stage: at_risk (at
-- `at_risk_at`, given when arming), then breach (at due_at), then the second level (at the
-- task's second_at). tick.lua fires a stage and re-arms the timer for the next one.
local function arm_sla(id, t, at_risk_at)
  local at
  if t.at_risk ~= '1' and t.breached ~= '1' then
    at = at_risk_at
  elseif t.breached ~= '1' then
    at = t.due_at
  elseif tonumber(t.esc_level or '0') < 2 and t.second_at then
    at = t.second_at
  end
  if at then redis.call('ZADD', K .. 'timers', at, 'sla:' .. id) end
end

-- +1 on each of the fields in a per-day counter hash (`day:<date>`, `work:<date>`), which
-- expires on its own. The expiry is set whenever it is missing (PTTL -1): measured from the
-- day's first count, which is all the daily views need, and one cheap check per call.
local function count_day(kind, day, ...)
  local key = K .. kind .. ':' .. day
  for _, field in ipairs({ ... }) do redis.call('HINCRBY', key, field, 1) end
  if redis.call('PTTL', key) < 0 then
    redis.call('PEXPIRE', key, kind == 'day' and REPORT_TTL_MS or STATS_TTL_MS)
  end
end

-- Whole minutes since the task was created: the reports' time-to-callback samples, kept as
-- counters ("to_first:<minutes>") so medians can be recomputed from the counters alone.
local function minutes_since_created(t)
  return string.format('%d', math.floor((NOW - tonumber(t.created_at)) / 60000))
end

-- The first call attempt or completion of a task, on Dutch calendar day `day`: one
-- time-to-callback sample (member "<ms since created>:<id>", scored by now), older samples
-- trimmed, and one count in the day's figures.
local function first_contact(id, t, day)
  if t.first_contact_at then return end
  redis.call('HSET', tkey(id), 'first_contact_at', NOW_S)
  t.first_contact_at = NOW_S
  count_day('day', day, 'to_first:' .. minutes_since_created(t))
  local key = K .. 'ttc'
  redis.call('ZADD', key, NOW_S, num(NOW - tonumber(t.created_at)) .. ':' .. id)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. num(NOW - SAMPLE_KEEP_MS))
end

-- A completion by ACTOR on Dutch calendar day `day`, with `outcome` and the referral partner
-- ('' = none): daily, SLA, workload and report statistics. `calls`: the call attempts the
-- task took, the last one included.
local function count_completion(id, t, day, outcome, referral, calls)
  count_day('day', day, 'completed', 'outcome:' .. outcome, 'calls:' .. calls,
            'to_done:' .. minutes_since_created(t))
  -- The partner as typed, unless it holds a digit: a counter kept for years must not keep a
  -- phone number typed into the partner's name.
  if referral ~= '' then
    count_day('day', day, 'referral:' .. (string.find(referral, '%d') and 'other' or referral))
  end
  count_day('work', day, ACTOR .. ':completed')
  if NOW <= tonumber(t.due_at) then
    count_day('day', day, 'within_sla')
    local key = K .. 'done_sla'
    redis.call('ZADD', key, NOW_S, id)
    redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. num(NOW - SAMPLE_KEEP_MS))
  end
  first_contact(id, t, day)
end

-- An escalation as a flat field list, with the task's current priority, language, topic
-- and state for the dashboard.
local function escalation_flat(id)
  local e = redis.call('HGETALL', K .. 'esc:' .. id)
  local f = redis.call('HMGET', tkey(id), 'priority', 'lang', 'topic', 'state')
  local names = { 'priority', 'lang', 'topic', 'state' }
  for i, name in ipairs(names) do
    e[#e + 1] = name
    e[#e + 1] = f[i] or ''
  end
  return e
end

-- Risk reviews (docs/callbacks.md, "Risk reviews"): counters per ISO week and the scrubbed
-- texts of missed cases. Both are written by complete, in the completion's own call.
local RISK_WEEK_TTL_MS = 400 * DAY_MS  -- GET /v1/sla/risk looks back at most 52 weeks

-- Did triage flag the task? risk_flags is a JSON list ('[]' when none).
local function flagged_task(id)
  local flags = redis.call('HGET', tkey(id), 'risk_flags')
  return flags ~= false and flags ~= '' and flags ~= '[]'
end

local function count_risk_review(flagged, verdict, category, week)
  local key = K .. 'risk:week:' .. week
  if verdict == 'confirmed' then
    local kind = flagged and 'hit' or 'missed'
    redis.call('HINCRBY', key, kind, 1)
    redis.call('HINCRBY', key, kind .. ':' .. category, 1)
  elseif verdict == 'not_risk' then
    -- A calm contact found calm teaches nothing; a flagged one is a false alarm.
    if not flagged then return end
    redis.call('HINCRBY', key, 'false_alarm', 1)
  else
    redis.call('HINCRBY', key, 'unsure', 1)
  end
  redis.call('PEXPIRE', key, RISK_WEEK_TTL_MS)
end

-- The missed texts older than the tenant's retention go (on every add and every tick).
local function trim_missed(retention_ms)
  redis.call('ZREMRANGEBYSCORE', K .. 'risk:missed', '-inf', '(' .. num(NOW - tonumber(retention_ms)))
end

-- One missed case's scrubbed text for editors; the newest `cap` are kept.
local function keep_missed(entry, cap, retention_ms)
  local key = K .. 'risk:missed'
  redis.call('ZADD', key, NOW_S, entry)
  redis.call('ZREMRANGEBYRANK', key, 0, -(tonumber(cap) + 1))
  trim_missed(retention_ms)
  redis.call('PEXPIRE', key, retention_ms)
end
