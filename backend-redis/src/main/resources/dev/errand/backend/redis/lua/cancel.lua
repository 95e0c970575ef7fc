-- Cancels a job that has not started. Returns 1, or 0 when it is running, finished or unknown.
-- ARGV: base, queue, n, now, retention ms of dead and cancelled jobs
local n = ARGV[3]
local jkey = job_key(ARGV[1], n)
local f = redis.call('HMGET', jkey, 's', 'r')
if f[1] ~= 'AVAILABLE' and f[1] ~= 'SCHEDULED' and f[1] ~= 'RETRYABLE' then
  return 0
end
redis.call('ZREM', KEYS[1], ready_member(f[2], n))
redis.call('ZREM', KEYS[2], n)
finish(jkey, n, ARGV[2], 'CANCELLED', ARGV[4], ARGV[5])
return 1
