-- The outcome of a job, for submit()/call(): {'UNKNOWN'}; {state, result, last error} when it is
-- final; else {state}, after adding the channel (if not '') to the clients told when it ends.
-- ARGV: base, queue, n, channel
local jkey = job_key(ARGV[1], ARGV[3])
local f = redis.call('HMGET', jkey, 's', 'res', 'ne', 'w')
if not f[1] then
  return { 'UNKNOWN' }
end
if FINAL[f[1]] then
  local err = false
  if f[3] then
    err = redis.call('HGET', jkey, 'e' .. f[3])
  end
  return { f[1], f[2], err }
end
local channel = ARGV[4]
if channel ~= '' then
  local w = f[4] or ''
  if not string.find(' ' .. w .. ' ', ' ' .. channel .. ' ', 1, true) then
    if w == '' then
      redis.call('HSET', jkey, 'w', channel)
    else
      redis.call('HSET', jkey, 'w', w .. ' ' .. channel)
    end
  end
end
return { f[1] }
