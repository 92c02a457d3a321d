-- Erasure on request, for a task of another caller whose texts quote the number: the
-- service computed the redacted texts from what it read; they are written only if every text
-- is still what was read (compare and set), else 'changed' and the service reads again.
-- ARGV[4] task id, then groups of four: kind ('field' | 'hist'), field name or history index
-- (0-based), the text read, the text to write.
-- Reply: { 'ok' }, { 'not_found' } or { 'changed' }
local id = ARGV[4]
if redis.call('EXISTS', tkey(id)) == 0 then return { 'not_found' } end
local hkey = K .. 'hist:' .. id
local function current(kind, at)
  if kind == 'field' then return redis.call('HGET', tkey(id), at) end
  return redis.call('LINDEX', hkey, tonumber(at))
end
for i = 5, #ARGV, 4 do
  if current(ARGV[i], ARGV[i + 1]) ~= ARGV[i + 2] then return { 'changed' } end
end
for i = 5, #ARGV, 4 do
  if ARGV[i] == 'field' then
    redis.call('HSET', tkey(id), ARGV[i + 1], ARGV[i + 3])
  else
    redis.call('LSET', hkey, tonumber(ARGV[i + 1]), ARGV[i + 3])
  end
end
local state = redis.call('HGET', tkey(id), 'state') or ''
publish('redacted', id, state)
return { 'ok' }
