-- Stores a batch of new jobs of one queue.
-- ARGV: base, queue, now, wake channel, count, then per job 9 values:
--   name, priority, payload, fingerprint, maxAttempts, timeout ms, enqueuedAt, runAt, uniqueKey ('' = none)
-- Returns per job two integers: the job number, and 1 when it is a duplicate of the job holding
-- its unique key (then the number is that job's), else 0.
local base, queue, now, wake, count = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5])
local out = {}
local stored = false
-- One counter step for the whole batch; a duplicate leaves its number unused (ids only need to be unique and rising).
local n_next = int(redis.call('INCRBY', KEYS[5], count)) - count + 1
for i = 0, count - 1 do
  local a = 6 + i * 9
  local name, priority, run, ukey = ARGV[a], ARGV[a + 1], ARGV[a + 7], ARGV[a + 8]
  local holder = false
  local field = false
  if ukey ~= '' then
    field = name .. '\n' .. ukey
    holder = redis.call('HGET', KEYS[4], field)
    if holder then
      local state = redis.call('HGET', job_key(base, holder), 's')
      if not state or FINAL[state] then
        holder = false -- a stale entry: its job is gone or finished
      end
    end
  end
  if holder then
    out[#out + 1] = tonumber(holder)
    out[#out + 1] = 1
  else
    local n = int(n_next)
    n_next = n_next + 1
    local jkey = job_key(base, n)
    local scheduled = tonumber(run) > now
    -- One HSET with the state, then a ZADD into the listing index and one into the ready or delayed set.
    redis.call('HSET', jkey, 'n', name, 'p', priority, 'd', ARGV[a + 2], 'f', ARGV[a + 3], 'm', ARGV[a + 4],
      't', ARGV[a + 5], 'e', ARGV[a + 6], 'r', run, 'a', '0', 's', scheduled and 'SCHEDULED' or 'AVAILABLE')
    if field then
      redis.call('HSET', jkey, 'u', ukey)
      redis.call('HSET', KEYS[4], field, n)
    end
    redis.call('ZADD', base .. ':all', ARGV[a + 6], index_member(n))
    if scheduled then
      redis.call('ZADD', KEYS[2], run, n)
    else
      redis.call('ZADD', KEYS[1], -tonumber(priority), ready_member(run, n))
    end
    stored = true
    out[#out + 1] = tonumber(n)
    out[#out + 1] = 0
  end
end
if stored then
  redis.call('PUBLISH', wake, '1')
end
return out
