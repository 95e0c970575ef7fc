-- Records a failed attempt; the job is then RETRYABLE until retryAt (AVAILABLE when that is not
-- in the future), or DEAD when retryAt is ''. Returns 1, or 0 when the lease was lost.
-- ARGV: base, queue, n, owner, attempt, now, error record, retryAt, retention ms of dead jobs, wake channel
local n, now, retry = ARGV[3], ARGV[6], ARGV[8]
local jkey = job_key(ARGV[1], n)
local f = redis.call('HMGET', jkey, 's', 'o', 'a', 'p')
if not leased(f[1], f[2], f[3], ARGV[4], ARGV[5]) then
  return 0
end
redis.call('ZREM', KEYS[3], n)
add_error(jkey, ARGV[7])
if retry == '' then
  finish(jkey, n, ARGV[2], 'DEAD', now, ARGV[9])
  return 1
end
redis.call('HDEL', jkey, 'o', 'l')
redis.call('HSET', jkey, 'r', retry)
if tonumber(retry) <= tonumber(now) then
  make_ready(jkey, n, f[4], retry)
else
  redis.call('HSET', jkey, 's', 'RETRYABLE')
  redis.call('ZADD', KEYS[2], retry, n)
end
redis.call('PUBLISH', ARGV[10], '1')
return 1
