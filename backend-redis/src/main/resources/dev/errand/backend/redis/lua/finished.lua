-- Counts one queue's kept dead and cancelled jobs, for the dashboard's overview; changes nothing.
-- ARGV: base, queue
-- Returns: dead, cancelled, and how many jobs the queue keeps in all (ZCARD of ':all'). Reads the state of each job in ':gone' (dead and cancelled jobs only, so
-- the work grows with the jobs waiting for an operator, not with the succeeded ones); an entry whose
-- hash expired and is not pruned yet counts as nothing.
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
return { dead, cancelled, redis.call('ZCARD', base .. ':all') }
