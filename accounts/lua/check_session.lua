-- Looks a session up and refreshes it. KEYS: session key; ARGV: now ms, idle ms, user key
-- prefix. Returns {session fields, user fields} or nil (ended, idle too long, user gone or
-- disabled; the session is deleted then).
local s = redis.call('HMGET', KEYS[1], 'user', 'csrf', 'seen', 'ends')
if not s[1] then return nil end
local now = tonumber(ARGV[1])
if now > tonumber(s[4]) or now - tonumber(s[3]) > tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[1])
  return nil
end
local u = redis.call('HGETALL', ARGV[3] .. s[1])
local disabled = false
for i = 1, #u, 2 do if u[i] == 'disabled' and u[i + 1] == '1' then disabled = true end end
if #u == 0 or disabled then
  redis.call('DEL', KEYS[1])
  return nil
end
redis.call('HSET', KEYS[1], 'seen', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {{'user', s[1], 'csrf', s[2], 'ends', s[4]}, u}
