-- Stores a batch of new jobs of one queue.
-- ARGV: base, queue, now, wake channel, count, then per job 10 values:
--   name, priority, payload, fingerprint, maxAttempts, timeout ms, enqueuedAt, runAt, uniqueKey ('' = none),
--   headers (encoded JobHeaders, '' = none)
-- Returns per job two integers: the job number, and 1 when it is a duplicate of the job holding
-- its unique key (then the number is that job's), else 0.
local base, now, wake, count = ARGV[1], tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5])
if count == 1 and ARGV[14] == '' then
  -- One job without a unique key (every enqueue() of such a job): what store_jobs does, without its batch tables.
  local n = int(redis.call('INCRBY', KEYS[5], 1)) -- INCRBY, not INCR: the documented ACL allows the commands the scripts use
  local scheduled = store_job(base, now, 6, n, false)
  redis.call('ZADD', base .. ':all', ARGV[12], index_member(n))
  if scheduled then
    redis.call('ZADD', KEYS[2], ARGV[13], n)
  else
    redis.call('ZADD', KEYS[1], -tonumber(ARGV[7]), ready_member(ARGV[13], n))
  end
  redis.call('PUBLISH', wake, '1')
  return { tonumber(n), 0 }
end
return store_jobs(base, now, wake, count, 6)
