-- Claim the first task in queue order that matches the skills filter.
-- ARGV[4] lease until (ms)   ARGV[5] languages ('' = any, else "nl,en")
-- ARGV[6] topics ('' = any)   ARGV[7] how many queue entries a filtered claim may inspect
-- ARGV[8] allowed from-states   ARGV[9] to-state
local lease_until, langs, topics = ARGV[4], ARGV[5], ARGV[6]
local scan_limit, from, to = tonumber(ARGV[7]), ARGV[8], ARGV[9]

local pick
if langs == '' and topics == '' then
  pick = redis.call('ZRANGE', K .. 'queue', 0, 0)[1]
else
  -- A bounded walk in queue order: a skill that matches nothing near the head of a huge
  -- queue gives 'empty' rather than a script that blocks Redis.
  local offset, batch = 0, 100
  while not pick and offset < scan_limit do
    local ids = redis.call('ZRANGE', K .. 'queue', offset, offset + batch - 1)
    if #ids == 0 then break end
    for _, cand in ipairs(ids) do
      local lt = redis.call('HMGET', tkey(cand), 'lang', 'topic')
      if (langs == '' or listed(lt[1] or '', langs)) and
         (topics == '' or listed(lt[2] or '', topics)) then
        pick = cand
        break
      end
    end
    offset = offset + batch
  end
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
