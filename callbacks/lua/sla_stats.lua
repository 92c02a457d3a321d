-- SLA figures for windows ending now: completions, completions within the SLA, and the
-- time-to-callback samples (ms) of each window, sorted, so the service takes the median.
-- Costs O(log N) per count plus the samples of the longest window (31 days are kept).
-- ARGV[4..] window lengths (ms)
local out = {}
for i = 4, #ARGV do
  local since = '(' .. num(NOW - tonumber(ARGV[i]))
  local samples = {}
  for _, m in ipairs(redis.call('ZRANGEBYSCORE', K .. 'ttc', since, NOW_S)) do
    samples[#samples + 1] = tonumber(string.match(m, '^(%d+):'))
  end
  table.sort(samples)
  local middle = {}
  if #samples > 0 then
    -- Only the one or two middle samples travel back.
    middle[1] = num(samples[math.floor((#samples + 1) / 2)])
    middle[2] = num(samples[math.floor(#samples / 2) + 1])
  end
  out[#out + 1] = { redis.call('ZCOUNT', K .. 'done', since, NOW_S),
                    redis.call('ZCOUNT', K .. 'done_sla', since, NOW_S), middle }
end
return out
