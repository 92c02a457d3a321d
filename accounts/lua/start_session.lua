-- Stores a new session. KEYS: session key, the user's session set.
-- ARGV: user, csrf, now ms, absolute end ms, idle ms.
redis.call('HSET', KEYS[1], 'user', ARGV[1], 'csrf', ARGV[2], 'seen', ARGV[3], 'ends', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('SADD', KEYS[2], KEYS[1])
redis.call('PEXPIREAT', KEYS[2], ARGV[4])
return 'ok'
