-- Claims up to max due jobs of one queue under a lease: priority, then runAt, then enqueue order.
-- ARGV: base, queue, now, max, owner, lease expiry, promote limit
-- Returns per job 11 values: n, attempt, name, priority, payload, fingerprint, maxAttempts,
-- timeout ms, enqueuedAt, runAt, headers ('' = none).
local base, now, max, owner, expiry = ARGV[1], ARGV[3], tonumber(ARGV[4]), ARGV[5], ARGV[6]
promote(base, now, tonumber(ARGV[7]))
local popped = redis.call('ZPOPMIN', KEYS[1], max)
local out = {}
local leases = {}
for i = 1, #popped, 2 do
  local n = member_job(popped[i])
  local jkey = job_key(base, n)
  local f = redis.call('HMGET', jkey, 's', 'a', 'n', 'p', 'd', 'f', 'm', 't', 'e', 'r', 'hd')
  if f[1] == 'AVAILABLE' then
    local attempt = int(tonumber(f[2] or '0') + 1)
    -- The lease's expiry lives in the leases set only; the hash fences on owner and attempt.
    redis.call('HSET', jkey, 's', 'RUNNING', 'a', attempt, 'o', owner)
    leases[#leases + 1] = expiry
    leases[#leases + 1] = n
    out[#out + 1] = n
    out[#out + 1] = tonumber(attempt)
    for k = 3, 10 do
      out[#out + 1] = f[k]
    end
    out[#out + 1] = f[11] or ''
  end
end
call_chunked('ZADD', KEYS[3], leases) -- one ZADD for the batch
return out
