-- Extends the leases still held. Returns the job numbers whose lease is no longer held.
-- ARGV: base, queue, new expiry, count, then per lease: n, owner, attempt
local base, expiry, count = ARGV[1], ARGV[3], tonumber(ARGV[4])
local lost = {}
for i = 0, count - 1 do
  local a = 5 + i * 3
  local n = ARGV[a]
  local jkey = job_key(base, n)
  local f = redis.call('HMGET', jkey, 's', 'o', 'a')
  if leased(f[1], f[2], f[3], ARGV[a + 1], ARGV[a + 2]) then
    redis.call('ZADD', KEYS[3], expiry, n)
  else
    lost[#lost + 1] = n
  end
end
return lost
