-- Deletes the finished jobs of one queue that finished before a time, among up to `count` entries
-- of the ':all' index after a cursor (it holds every kept job), and
-- drops entries whose hash already expired.
-- ARGV: base, queue, before (µs), cursor score ('-inf' to start), cursor ties, count
-- Returns { deleted, cursor score, cursor ties, examined }: call again while examined == count.
local base, before = ARGV[1], tonumber(ARGV[3])
local lo, ties, count = ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
local all = base .. ':all'
local chunk = redis.call('ZRANGEBYSCORE', all, lo, '+inf', 'WITHSCORES', 'LIMIT', ties, count)
local deleted = 0
for i = 1, #chunk, 2 do
  local m, score = chunk[i], chunk[i + 1]
  if tonumber(score) ~= tonumber(lo) then
    lo, ties = score, 0
  end
  local jkey = job_key(base, int(tonumber(m)))
  local f = redis.call('HMGET', jkey, 's', 'fin')
  if not f[1] or (FINAL[f[1]] and f[2] and tonumber(f[2]) < before) then
    if f[1] then
      deleted = deleted + 1
    end
    redis.call('DEL', jkey)
    unindex(base, { m })
  else
    ties = ties + 1
  end
end
return { deleted, lo, ties, #chunk / 2 }
