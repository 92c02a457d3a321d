-- Deletes every session of a user (KEYS[1] the user's session set) and then sets the given
-- field/value pairs (ARGV, may be none) on the account (KEYS[2]), if it exists.
if redis.call('EXISTS', KEYS[2]) == 0 then return 'not_found' end
for _, k in ipairs(redis.call('SMEMBERS', KEYS[1])) do redis.call('DEL', k) end
redis.call('DEL', KEYS[1])
if #ARGV > 0 then redis.call('HSET', KEYS[2], unpack(ARGV)) end
return 'ok'
