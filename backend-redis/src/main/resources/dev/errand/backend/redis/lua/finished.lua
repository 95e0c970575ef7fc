-- Counts one queue's kept dead and cancelled jobs, and its jobs that succeeded since a time, for the
-- dashboard's overview; changes nothing.
-- ARGV: base, queue, since (µs)
-- Returns: dead, cancelled, succeeded since `since`, and how many minutes of the retention saw jobs succeed.
-- Dead and cancelled: reads the state of each job in ':gone' (so the work grows with the jobs waiting
-- for an operator, not with the succeeded ones); an entry whose hash expired and is not pruned yet
-- counts as nothing. Succeeded: the per-minute counts from the minute `since` falls in on.
local base = ARGV[1]
local dead, cancelled = 0, 0
for _, member in ipairs(redis.call('ZRANGE', base .. ':gone', 0, -1)) do
  local state = redis.call('HGET', job_key(base, int(tonumber(member))), 's')
  if state == 'DEAD' then
    dead = dead + 1
  elseif state == 'CANCELLED' then
    cancelled = cancelled + 1
  end
end
local since_minute = math.floor(tonumber(ARGV[3]) / 60000000)
local succeeded = 0
local minutes = redis.call('HGETALL', base .. ':succeeded:minutes')
for i = 1, #minutes, 2 do
  if tonumber(minutes[i]) >= since_minute then
    succeeded = succeeded + tonumber(minutes[i + 1])
  end
end
return { dead, cancelled, succeeded, #minutes / 2 }
