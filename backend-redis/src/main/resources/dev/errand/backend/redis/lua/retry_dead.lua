-- Retries, as retry.lua does, the DEAD jobs of one queue (of one job name, or any) among up to
-- `count` finished jobs of the ':gone' index after a cursor; a job whose unique key an unfinished
-- job holds stays dead.
-- ARGV: base, queue, now, wake channel, job name ('' any), cursor score ('-inf' to start), cursor
--   ties (members at that score to step over), count
-- Returns { retried, cursor score, cursor ties, examined }: call again with the cursor while
-- examined == count.
local base, now, wake, name = ARGV[1], ARGV[3], ARGV[4], ARGV[5]
local lo, ties, count = ARGV[6], tonumber(ARGV[7]), tonumber(ARGV[8])
local gone = base .. ':gone'
local chunk = redis.call('ZRANGEBYSCORE', gone, lo, '+inf', 'WITHSCORES', 'LIMIT', ties, count)
local retried = 0
for i = 1, #chunk, 2 do
  local m, score = chunk[i], chunk[i + 1]
  if tonumber(score) ~= tonumber(lo) then
    lo, ties = score, 0
  end
  local n = int(tonumber(m))
  local jkey = job_key(base, n)
  local f = redis.call('HMGET', jkey, 's', 'p', 'n', 'u', 'a', 'm')
  local stays = true
  if f[1] == 'DEAD' and f[3] and (name == '' or f[3] == name) and not reopen(base, n, f, now) then
    retried = retried + 1
    stays = false
  end
  if stays then
    ties = ties + 1
  end
end
if retried > 0 then
  redis.call('PUBLISH', wake, '1')
end
return { retried, lo, ties, #chunk / 2 }
