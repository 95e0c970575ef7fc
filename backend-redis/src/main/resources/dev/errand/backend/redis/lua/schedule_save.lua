-- Stores a recurring job, or updates the one of that name: the definition is replaced; whether it is
-- paused and its last run are kept, and so is its next fire when the cron expression and zone are
-- unchanged. A schedule moved here from another queue brings its state along.
-- ARGV: base, queue, name, cron, zone, missed, cap, job name, priority, max attempts, timeout ms,
--   fingerprint, payload, next fire, then the state of a moved schedule or '' each: paused, last fire, last job.
local base, name = ARGV[1], ARGV[3]
local key = schedule_key(base, name)
local cron, zone, next_fire = ARGV[4], ARGV[5], ARGV[14]
local paused, last_fire, last_job = ARGV[15], ARGV[16], ARGV[17]
local old = redis.call('HMGET', key, 'c', 'z', 'nx', 'pa', 'lf', 'lj')
if old[1] then
  if old[1] == cron and old[2] == zone then
    next_fire = old[3]
  end
  paused, last_fire, last_job = old[4], old[5] or '', old[6] or ''
end
if paused == '' then
  paused = '0'
end
redis.call('HSET', key, 'c', cron, 'z', zone, 'mi', ARGV[6], 'cap', ARGV[7], 'n', ARGV[8], 'p', ARGV[9], 'm', ARGV[10],
  't', ARGV[11], 'f', ARGV[12], 'd', ARGV[13], 'nx', next_fire, 'pa', paused, 'lf', last_fire, 'lj', last_job)
redis.call('ZADD', schedules_key(base), paused == '1' and '+inf' or next_fire, name)
return 1
