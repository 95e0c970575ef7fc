-- Counts one queue's unfinished jobs by state, for `errand queues`; changes nothing.
-- ARGV: base, queue, now
-- Returns: available, scheduled, running, retryable, oldest available runAt in µs ('' when none).
-- Ready jobs are due; delayed jobs whose runAt passed (not promoted yet) count as available too.
-- Telling scheduled from retryable reads each delayed job that is not due (its attempt); the
-- oldest ready job is found per distinct priority, so the work grows with the priorities, not the jobs.
local base, now = ARGV[1], ARGV[3]
local available = redis.call('ZCARD', KEYS[1])
local running = redis.call('ZCARD', KEYS[3])
local oldest_ms = nil
local rounds = 0
local next_score = '-inf'
while rounds < 10000 do
  rounds = rounds + 1
  local head = redis.call('ZRANGEBYSCORE', KEYS[1], next_score, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
  if #head == 0 then
    break
  end
  local ms = tonumber(string.sub(head[1], 1, 14))
  if oldest_ms == nil or ms < oldest_ms then
    oldest_ms = ms
  end
  next_score = '(' .. head[2]
end
local oldest = nil
if oldest_ms ~= nil then
  oldest = oldest_ms * 1000
end
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'WITHSCORES', 'LIMIT', 0, 1)
if #due > 0 then
  available = available + redis.call('ZCOUNT', KEYS[2], '-inf', now)
  local run = tonumber(due[2])
  if oldest == nil or run < oldest then
    oldest = run
  end
end
local scheduled, retryable = 0, 0
for _, n in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. now, '+inf')) do
  local attempt = tonumber(redis.call('HGET', job_key(base, n), 'a') or '0')
  if attempt > 0 then
    retryable = retryable + 1
  else
    scheduled = scheduled + 1
  end
end
local oldest_text = ''
if oldest ~= nil then
  oldest_text = int(oldest)
end
return { available, scheduled, running, retryable, oldest_text }
