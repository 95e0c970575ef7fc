-- Reads the recurring jobs of one queue without changing them: all of them, or (ARGV[4] = now) up to
-- ARGV[5] of those due at now and not paused, earliest first.
-- ARGV: base, queue, mode ('all' or 'due'), now, max.
-- Returns per schedule 15 values: its name, then those of SCHEDULE_FIELDS ('' when unset).
local base, mode = ARGV[1], ARGV[3]
local names
if mode == 'due' then
  names = redis.call('ZRANGEBYSCORE', schedules_key(base), '-inf', ARGV[4], 'LIMIT', 0, tonumber(ARGV[5]))
else
  names = redis.call('ZRANGE', schedules_key(base), 0, -1)
end
local out = {}
for _, name in ipairs(names) do
  schedule_reply(out, base, name)
end
return out
