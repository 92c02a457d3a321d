-- Create a task, or return the one this source key already created, or add the question to
-- the caller's open task (repeat contact). One script, so concurrent duplicates and repeat
-- contacts cannot race each other into two tasks.
-- ARGV[4] idempotency key ('' = none)   ARGV[5] its TTL in ms
-- ARGV[6] new id   ARGV[7] phone   ARGV[8] the question as a JSON object {text, at, channel}
-- ARGV[9] priority   ARGV[10] due_at   ARGV[11..13] at_risk, breach, second-level fire times
-- (breach is due_at)   ARGV[14] risk flags JSON list   ARGV[15] today's Dutch date
-- (YYYY-MM-DD) for the statistics   ARGV[16] '1' when the tenant has a webhook: an urgent
-- contact then queues a 'callback.urgent' notification (outbox member `urgent:<id>`)
-- ARGV[17] the most creates KEYS[2]'s window takes ('' = no limit)   ARGV[18] the window
-- counter's TTL in ms (CreateLimit in callbacks/service.hpp)
-- ARGV[19] the caller's counter hash's TTL in ms ('' = no counting; the hash is the last of
-- KEYS)   ARGV[20] its field counted when the task ends urgent, ARGV[21] the field otherwise
-- ARGV[22] n, then ARGV[23..22+n] its fields counted always (CreateCount in service.hpp)
-- ARGV[23+n..] the new task's hash, field/value pairs (created_at in it is NOW)
-- The common case (new number, new key) is kept to as few commands as possible: each
-- redis.call costs more than the work most of them do.
local idem, idem_ttl, id, phone = ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local question, priority, due = ARGV[8], ARGV[9], ARGV[10]
local at_risk, second, risk_flags = ARGV[11], ARGV[13], ARGV[14]
local day, notify = ARGV[15], ARGV[16] == '1'
local idem_key = K .. 'idem:' .. idem
local limit = ARGV[17]
-- The caller's counters go into this call too (the web form's contact statistics): whether
-- and what they count depends on what the create does, and a round trip of their own after
-- it cost the form a third of its Redis round trips. A retry of a known key and a refusal
-- count nothing. They are written last and with pcall: a script that fails midway keeps what
-- it wrote, so a counter that cannot be written (a key of another type) must never cut a
-- task short of its history and event.
local count_ttl, count_last = ARGV[19], 22 + tonumber(ARGV[22])
local H = count_last + 1  -- the first field of the new task's hash
local function count_contact(final_priority)
  if count_ttl == '' then return end
  local key = KEYS[#KEYS]
  for i = 23, count_last do redis.pcall('HINCRBY', key, ARGV[i], 1) end
  local field = final_priority == 'urgent' and ARGV[20] or ARGV[21]
  if field ~= '' then redis.pcall('HINCRBY', key, field, 1) end
  redis.pcall('PEXPIRE', key, count_ttl)
end

-- With a key: claim it for the new id in the same command that reads it (SET NX GET), so the
-- retry of a known key is answered before anything else. `idem_set` = the key now names `id`.
local idem_set = false
if idem ~= '' then
  local existing = redis.call('SET', idem_key, id, 'NX', 'GET', 'PX', idem_ttl)
  if existing then
    local f = flat(existing)
    if #f > 0 then return { 'existing', f } end
    -- The task it named is gone: this contact takes the key over below.
  else
    idem_set = true
  end
end

-- A limited create (the web form's per-address limit) counts in this same call, so the form
-- costs one round trip. The retry of a known key was answered above and is not counted: it
-- adds nothing, and a family whose connection repeated the request keeps the task it has.
-- Over the limit nothing but the count is stored: a key claimed above is given back (one
-- command more for a refusal, one less for every form). The counting is
-- common/rate_counter.cpp's.
if limit ~= '' then
  local hits = redis.call('INCR', KEYS[2])
  if hits == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[18]) end
  if hits > tonumber(limit) then
    if idem_set then redis.call('DEL', idem_key) end
    return { 'limited', hits }
  end
end

-- A new number takes its slot at once (HSETNX); a known one may have an open task.
if redis.call('HSETNX', K .. 'open_by_number', phone, id) == 0 then
  local open = redis.call('HGET', K .. 'open_by_number', phone)
  local t = load(open)
  if t and (t.state == 'queued' or t.state == 'claimed') then
    local qs = cjson.decode(t.questions)
    qs[#qs + 1] = cjson.decode(question)
    redis.call('HSET', tkey(open), 'questions', cjson.encode(qs))
    -- A JSON list field of the task joined with the new contact's (as JSON), in order, each
    -- item once, at most `cap` items when given.
    local function union(field, current, add, cap)
      local list, had = cjson.decode(current or '[]'), {}
      for _, x in ipairs(list) do had[x] = true end
      for _, x in ipairs(cjson.decode(add)) do
        if not had[x] and (not cap or #list < cap) then list[#list + 1] = x; had[x] = true end
      end
      redis.call('HSET', tkey(open), field, encode_list(list))
    end
    -- Risk flags of the new contact count: union with the task's.
    union('risk_flags', t.risk_flags, risk_flags)
    -- The family's terms (callbacks/terms.hpp): a repeat contact can make them more cautious,
    -- never less. No voicemail and a neutral announcement win, "not in the weekend" is added,
    -- an alternative number, a note or safe times are added where the task had none; times
    -- it has stay.
    local nt = {}
    for i = H, #ARGV - 1, 2 do nt[ARGV[i]] = ARGV[i + 1] end
    -- What triggered the new contact's flags joins the task's, so the specialist reads why a
    -- task that became urgent through a repeat contact is urgent (at most 20, as a create).
    if nt.risk_words and nt.risk_words ~= '[]' then union('risk_words', t.risk_words, nt.risk_words, 20) end
    if nt.voicemail ~= '1' then redis.call('HSET', tkey(open), 'voicemail', '0') end
    if nt.announce_cjg ~= '1' then redis.call('HSET', tkey(open), 'announce_cjg', '0') end
    if nt.no_weekend == '1' then
      redis.call('HSET', tkey(open), 'no_weekend', '1', 'safe_days', nt.safe_days)
    end
    for _, name in ipairs({ 'alt_phone', 'terms_note' }) do
      if nt[name] and (t[name] or '') == '' then redis.call('HSET', tkey(open), name, nt[name]) end
    end
    -- Safe times where the task had none (any time): the repeat contact's (a caller's
    -- time-of-day answer was dropped, a tester's finding). Times the task has stay.
    if (t.safe_minutes or '') == '' and (nt.safe_minutes or '') ~= '' then
      redis.call('HSET', tkey(open), 'window', nt.window or 'any', 'safe_minutes', nt.safe_minutes)
      if nt.safe_hours then redis.call('HSET', tkey(open), 'safe_hours', nt.safe_hours) end
      redis.call('HDEL', tkey(open), 'safe_from')
    end
    local detail = ''
    if RANK[priority] < RANK[t.priority] then
      redis.call('HSET', tkey(open), 'priority', priority)
      detail = 'priority ' .. t.priority .. '->' .. priority
      t.priority = priority
      track_urgent(open, priority)
      -- A repeat contact that is urgent where the first was not: the supervisors hear of it.
      if notify and priority == 'urgent' then redis.call('ZADD', K .. 'outbox', NOW_S, 'urgent:' .. open) end
    end
    -- An urgent repeat contact may bring the deadline forward, never push it back.
    if tonumber(due) < tonumber(t.due_at) then
      redis.call('HSET', tkey(open), 'due_at', due, 'second_at', second)
      t.due_at, t.second_at = due, second
      arm_sla(open, t, at_risk)
    end
    if redis.call('ZSCORE', K .. 'queue', open) then
      redis.call('ZADD', K .. 'queue', 'XX', queue_score(t.priority, t.due_at), open)
    end
    if idem ~= '' then redis.call('SET', idem_key, open, 'PX', idem_ttl) end
    count_day('day', day, 'merged')
    history(open, 'merged', '', '', detail, '')
    publish('merged', open, t.state)
    count_contact(t.priority)
    return { 'merged', flat(open) }
  end
  -- The number's last task is closed: the new one takes its place.
  redis.call('HSET', K .. 'open_by_number', phone, id)
end

local seq = redis.call('INCR', K .. 'seq')
local ref = string.format('CB-%06d', seq)
local fields = { 'HSET', tkey(id), 'ref', ref, 'second_at', second }
for i = H, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call(unpack(fields))
redis.call('ZADD', K .. 'state:queued', NOW_S, id)
redis.call('ZADD', K .. 'queue', queue_score(priority, due), id)
redis.call('ZADD', K .. 'timers', at_risk, 'sla:' .. id)
track_urgent(id, priority)
if notify and priority == 'urgent' then redis.call('ZADD', K .. 'outbox', NOW_S, 'urgent:' .. id) end
count_day('day', day, 'created', 'created:' .. priority)
if idem ~= '' and not idem_set then redis.call('SET', idem_key, id, 'PX', idem_ttl) end
history(id, 'created', '', 'queued', priority, '')
publish('created', id, 'queued', { 'priority', priority })
count_contact(priority)
-- The caller already has the fields it sent; only the reference is new. Not echoing the
-- hash back saves a fifth of the script's time on the hottest path.
return { 'created', ref }
