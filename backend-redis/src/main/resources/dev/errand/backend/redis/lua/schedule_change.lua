-- Pauses, resumes (with a new next fire) or deletes a recurring job, or takes it out to move it to
-- another queue (replying with it as schedule_read.lua does, then deleting it).
-- ARGV: base, queue, name, action ('pause', 'resume', 'delete' or 'take'), next fire (resume only).
-- Returns 0 when there is no such schedule; else 1, or for 'take' the schedule.
local base, name, action = ARGV[1], ARGV[3], ARGV[4]
local key = schedule_key(base, name)
if redis.call('EXISTS', key) == 0 then
  return 0
end
if action == 'pause' then
  redis.call('HSET', key, 'pa', '1')
  redis.call('ZADD', schedules_key(base), '+inf', name)
elseif action == 'resume' then
  redis.call('HSET', key, 'pa', '0', 'nx', ARGV[5])
  redis.call('ZADD', schedules_key(base), ARGV[5], name)
else
  local out = {}
  if action == 'take' then
    schedule_reply(out, base, name)
  end
  redis.call('HDEL', key, unpack(SCHEDULE_FIELDS)) -- empties, so removes, the hash (DEL is not in the ACL)
  redis.call('ZREM', schedules_key(base), name)
  if action == 'take' then
    return out
  end
end
return 1
