-- Creates the account unless the name is taken.
-- KEYS: the user hash, the set of usernames.
-- ARGV: name, role, tenants (comma list), password hash, created_at ms, username.
if redis.call('EXISTS', KEYS[1]) == 1 then return 'exists' end
redis.call('HSET', KEYS[1], 'name', ARGV[1], 'role', ARGV[2], 'tenants', ARGV[3], 'pw', ARGV[4],
           'disabled', '0', 'created_at', ARGV[5])
redis.call('SADD', KEYS[2], ARGV[6])
return 'ok'
