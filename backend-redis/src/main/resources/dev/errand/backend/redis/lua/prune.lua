-- Maintenance: drops from one queue's listing indexes the jobs whose hash expired (their retention
-- ended): the dead and cancelled ones due in ':gone', and, walking ':all' on from where the last
-- call stopped (kept in ':prune'), up to `limit` entries whose hash is gone (succeeded jobs); and
-- the per-minute counts of succeeded jobs older than their retention. The same walk adds a dead or
-- cancelled job it meets to its state's index, for the jobs that ended before that index existed.
-- ARGV: base, queue, now, limit, retention ms of succeeded jobs
-- Returns how many entries it looked at in ':all' plus how many it dropped from ':gone'; `limit` or
-- more when the walk has not reached the end.
local base, now, limit = ARGV[1], ARGV[3], tonumber(ARGV[4])
local gone, all, cursor = base .. ':gone', base .. ':all', base .. ':prune'
local expired = redis.call('ZRANGEBYSCORE', gone, '-inf', now, 'LIMIT', 0, limit)
if #expired > 0 then
  unindex(base, expired)
end
local minutes = base .. ':succeeded:minutes'
local oldest_minute = math.floor((tonumber(now) - tonumber(ARGV[5]) * 1000) / 60000000)
local counts = redis.call('HGETALL', minutes)
for i = 1, #counts, 2 do
  if tonumber(counts[i]) < oldest_minute then
    redis.call('HDEL', minutes, counts[i])
  end
end
local at = redis.call('HMGET', cursor, 'score', 'ties')
local lo, ties = at[1] or '-inf', tonumber(at[2] or '0')
local chunk = redis.call('ZRANGEBYSCORE', all, lo, '+inf', 'WITHSCORES', 'LIMIT', ties, limit)
for i = 1, #chunk, 2 do
  local m, score = chunk[i], chunk[i + 1]
  if tonumber(score) ~= tonumber(lo) then
    lo, ties = score, 0
  end
  local f = redis.call('HMGET', job_key(base, int(tonumber(m))), 's', 'e')
  if not f[1] then
    unindex(base, { m })
  else
    if FINAL_INDEX[f[1]] and f[2] then
      redis.call('ZADD', base .. FINAL_INDEX[f[1]], f[2], m)
    end
    ties = ties + 1
  end
end
if #chunk < 2 * limit then
  redis.call('HDEL', cursor, 'score', 'ties') -- reached the end: start again from the oldest next time
else
  redis.call('HSET', cursor, 'score', lo, 'ties', ties)
end
return #chunk / 2 + #expired
