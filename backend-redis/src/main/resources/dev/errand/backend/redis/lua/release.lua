-- Hands running jobs back unrun (worker shutdown): AVAILABLE again, the attempt not counted.
-- ARGV: base, queue, wake channel, count, then per lease: n, owner, attempt. Returns how many.
local base, count = ARGV[1], tonumber(ARGV[4])
local released = 0
for i = 0, count - 1 do
  local a = 5 + i * 3
  local n = ARGV[a]
  local jkey = job_key(base, n)
  local f = redis.call('HMGET', jkey, 's', 'o', 'a', 'p', 'r')
  if leased(f[1], f[2], f[3], ARGV[a + 1], ARGV[a + 2]) then
    redis.call('ZREM', KEYS[3], n)
    redis.call('HINCRBY', jkey, 'a', -1)
    redis.call('HDEL', jkey, 'o', 'l')
    make_ready(jkey, n, f[4], f[5])
    released = released + 1
  end
end
if released > 0 then
  redis.call('PUBLISH', ARGV[3], '1')
end
return released
