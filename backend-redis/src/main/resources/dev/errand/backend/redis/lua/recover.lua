-- Recovers running jobs whose lease expired (expiry <= now, the rule of every backend): AVAILABLE
-- at once with a LeaseExpired error, or DEAD when that was their last attempt. Returns how many.
-- ARGV: base, queue, now, limit, retention ms of dead jobs, wake channel
local base, queue, now = ARGV[1], ARGV[2], ARGV[3]
local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, tonumber(ARGV[4]))
local recovered, ready = 0, 0
for _, n in ipairs(expired) do
  local jkey = job_key(base, n)
  local f = redis.call('HMGET', jkey, 's', 'o', 'a', 'm', 'p')
  redis.call('ZREM', KEYS[3], n)
  if f[1] == 'RUNNING' then
    local message = 'the lease of worker ' .. f[2] .. ' on attempt ' .. f[3]
      .. ' expired without being renewed: the worker died, hung or lost its connection to Redis'
    add_error(jkey, error_record(f[3], now, 'LeaseExpired', message, ''))
    if tonumber(f[3]) >= tonumber(f[4]) then
      finish(jkey, n, queue, 'DEAD', now, ARGV[5])
    else
      redis.call('HDEL', jkey, 'o', 'l')
      redis.call('HSET', jkey, 'r', now)
      make_ready(jkey, n, f[5], now)
      ready = ready + 1
    end
    recovered = recovered + 1
  end
end
if ready > 0 then
  redis.call('PUBLISH', ARGV[6], '1')
end
return recovered
