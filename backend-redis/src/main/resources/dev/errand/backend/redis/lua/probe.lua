-- For an idle worker: -1 when a job is due now, -2 when the queue holds no waiting job, else the
-- runAt (epoch µs, as a string) of the earliest scheduled or retrying job.
-- ARGV: base, queue, now
if redis.call('ZCARD', KEYS[1]) > 0 then
  return -1
end
local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
if #first == 0 then
  return -2
end
if tonumber(first[2]) <= tonumber(ARGV[3]) then
  return -1
end
return first[2]
