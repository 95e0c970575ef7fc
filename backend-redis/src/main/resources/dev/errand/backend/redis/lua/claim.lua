-- Claims up to max due jobs of one queue under a lease: priority, then runAt, then enqueue order.
-- ARGV: base, queue, now, max, owner, lease expiry, promote limit
-- Returns per job 10 values: n, attempt, name, priority, payload, fingerprint, maxAttempts,
-- timeout ms, enqueuedAt, runAt.
local base, now, max, owner, expiry = ARGV[1], ARGV[3], tonumber(ARGV[4]), ARGV[5], ARGV[6]
promote(base, now, tonumber(ARGV[7]))
local popped = redis.call('ZPOPMIN', KEYS[1], max)
local out = {}
for i = 1, #popped, 2 do
  local n = member_job(popped[i])
  local jkey = job_key(base, n)
  if redis.call('HGET', jkey, 's') == 'AVAILABLE' then
    local attempt = redis.call('HINCRBY', jkey, 'a', 1)
    redis.call('HSET', jkey, 's', 'RUNNING', 'o', owner, 'l', expiry)
    redis.call('ZADD', KEYS[3], expiry, n)
    local f = redis.call('HMGET', jkey, 'n', 'p', 'd', 'f', 'm', 't', 'e', 'r')
    out[#out + 1] = n
    out[#out + 1] = attempt
    for k = 1, 8 do
      out[#out + 1] = f[k]
    end
  end
end
return out
