-- Marks the leased attempt SUCCEEDED with its result. Returns 1, or 0 when the lease was lost.
-- ARGV: base, queue, n, owner, attempt, now, has result ('1'/'0'), result, retention ms of succeeded jobs
local n = ARGV[3]
local jkey = job_key(ARGV[1], n)
local f = redis.call('HMGET', jkey, 's', 'o', 'a')
if not leased(f[1], f[2], f[3], ARGV[4], ARGV[5]) then
  return 0
end
redis.call('ZREM', KEYS[3], n)
finish(jkey, n, ARGV[2], 'SUCCEEDED', ARGV[6], ARGV[9], ARGV[7] == '1' and ARGV[8] or nil)
count_succeeded(ARGV[1], ARGV[6], 1)
return 1
