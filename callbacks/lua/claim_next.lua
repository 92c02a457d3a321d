-- Claim the first task in queue order that matches the skills filter and whose safe time
-- (the family's terms) has come.
-- ARGV[4] lease until (ms)   ARGV[5] languages ('' = any, else "nl,en")
-- ARGV[6] topics ('' = any)   ARGV[7] how many queue entries a claim may inspect
-- ARGV[8] allowed from-states   ARGV[9] to-state
-- ARGV[10] minute of the Dutch day (0..1439)   ARGV[11] ISO weekday of the Dutch day ('1'..'7')
local lease_until, langs, topics = ARGV[4], ARGV[5], ARGV[6]
local scan_limit, from, to = tonumber(ARGV[7]), ARGV[8], ARGV[9]
local minute, weekday = tonumber(ARGV[10]), ARGV[11]

-- A bounded walk in queue order: a skill that matches nothing near the head of a huge queue,
-- or a queue head full of tasks whose safe time has not come, gives 'empty' rather than a
-- script that blocks Redis. A skipped task keeps its place (and its SLA clock runs on).
-- The head alone first: the common case is that it fits.
local pick
local offset, batch = 0, 1
while not pick and offset < scan_limit do
  local ids = redis.call('ZRANGE', K .. 'queue', offset, offset + batch - 1)
  if #ids == 0 then break end
  for _, cand in ipairs(ids) do
    local f = redis.call('HMGET', tkey(cand), 'lang', 'topic', 'safe_minutes', 'safe_days')
    if (langs == '' or listed(f[1] or '', langs)) and
       (topics == '' or listed(f[2] or '', topics)) and
       safe_now(f[3], f[4], minute, weekday) then
      pick = cand
      break
    end
  end
  offset = offset + batch
  batch = 100
end
if not pick then return { 'empty' } end

local t = load_meta(pick)
if not t or not listed(t.state, from) then
  -- Never expected: the queue holds queued tasks only. Heal the index and report it.
  redis.call('ZREM', K .. 'queue', pick)
  return { 'conflict', t and t.state or 'missing' }
end
take(pick, t, to, ACTOR, lease_until)
history(pick, 'claimed', from, to, '', '')
publish('claimed', pick, to)
audit('claimed', pick, t.ref, '')
return { 'ok', flat(pick) }
