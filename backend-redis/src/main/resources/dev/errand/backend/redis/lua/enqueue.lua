-- Stores a batch of new jobs of one queue.
-- ARGV: base, queue, now, wake channel, count, then per job 10 values:
--   name, priority, payload, fingerprint, maxAttempts, timeout ms, enqueuedAt, runAt, uniqueKey ('' = none),
--   headers (encoded JobHeaders, '' = none)
-- Returns per job two integers: the job number, and 1 when it is a duplicate of the job holding
-- its unique key (then the number is that job's), else 0.
local base, now, wake, count = ARGV[1], tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5])
return store_jobs(base, now, wake, count, 6)
