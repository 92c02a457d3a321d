-- One page of tasks in a state, optionally filtered by language, topic and holder.
-- Order: for 'queued' the queue's order (urgent, high, normal, then due time), then the
-- tasks waiting for a not-before time by that time; other states by creation time.
-- Unfiltered pages cost O(log N + page). A filtered page walks the order and inspects at
-- most ARGV[11] tasks: `total` then counts the matches among those and the reply says it
-- was cut short.
-- ARGV[4] state   ARGV[5] offset   ARGV[6] limit   ARGV[7] '1' for newest first
-- ARGV[8] lang ('' = any)   ARGV[9] topic ('' = any)   ARGV[10] holder ('' = any)
-- ARGV[11] scan limit
local state, offset, limit, rev = ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7] == '1'
local lang, topic, holder, scan_limit = ARGV[8], ARGV[9], ARGV[10], tonumber(ARGV[11])

local sources
if state == 'queued' then
  sources = { K .. 'queue', K .. 'waiting' }
else
  sources = { K .. 'state:' .. state }
end

local function range(key, start, stop)
  if rev then return redis.call('ZRANGE', key, start, stop, 'REV') end
  return redis.call('ZRANGE', key, start, stop)
end

local ids, total, truncated = {}, 0, 0
if lang == '' and topic == '' and holder == '' then
  for _, key in ipairs(sources) do
    local n = redis.call('ZCARD', key)
    if #ids < limit and offset < total + n then
      local start = math.max(offset - total, 0)
      for _, id in ipairs(range(key, start, start + limit - #ids - 1)) do ids[#ids + 1] = id end
    end
    total = total + n
  end
else
  local inspected, batch = 0, 100
  for _, key in ipairs(sources) do
    local pos = 0
    while truncated == 0 do
      local chunk = range(key, pos, pos + batch - 1)
      if #chunk == 0 then break end
      for _, id in ipairs(chunk) do
        if inspected >= scan_limit then truncated = 1; break end
        inspected = inspected + 1
        local f = redis.call('HMGET', tkey(id), 'lang', 'topic', 'holder')
        if (lang == '' or f[1] == lang) and (topic == '' or f[2] == topic) and
           (holder == '' or f[3] == holder) then
          if total >= offset and #ids < limit then ids[#ids + 1] = id end
          total = total + 1
        end
      end
      pos = pos + batch
    end
  end
end
local tasks = {}
for _, id in ipairs(ids) do tasks[#tasks + 1] = flat(id) end
return { total, tasks, truncated }
