-- Fires a recurring job once: when it exists, is not paused and its next fire is still the expected
-- one, sets the next fire, stores the runs as enqueue.lua does and records the last one; all in this
-- one script, so of any number of workers firing the same instant exactly one does.
-- ARGV: base, queue, now, wake channel, name, expected next fire, new next fire, count, then per run
--   the 10 values of enqueue.lua.
-- Returns 0 when the compare-and-set failed, else 1 followed by enqueue.lua's reply for the runs.
local base, now, wake, name = ARGV[1], tonumber(ARGV[3]), ARGV[4], ARGV[5]
local expected, next_fire, count = ARGV[6], ARGV[7], tonumber(ARGV[8])
local key = schedule_key(base, name)
local f = redis.call('HMGET', key, 'nx', 'pa')
if not f[1] or f[2] == '1' or f[1] ~= expected then
  return { 0 }
end
redis.call('HSET', key, 'nx', next_fire)
redis.call('ZADD', schedules_key(base), next_fire, name)
if count == 0 then
  return { 1 }
end
local out = store_jobs(base, now, wake, count, 9)
redis.call('HSET', key, 'lf', ARGV[9 + (count - 1) * 10 + 7], 'lj', ARGV[2] .. ':' .. int(out[#out - 1]))
table.insert(out, 1, 1)
return out
