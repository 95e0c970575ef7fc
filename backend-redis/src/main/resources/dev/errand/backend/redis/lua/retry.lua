-- An operator's retry of a dead or cancelled job (see reopen in common.lua).
-- ARGV: base, queue, n, now, wake channel
-- Returns { code, detail }: 1 retried; 0 unknown; 2 not dead or cancelled (detail: its state);
-- 3 another unfinished job holds its unique key (detail: that job's number).
local base, n, now = ARGV[1], ARGV[3], ARGV[4]
local jkey = job_key(base, n)
local f = redis.call('HMGET', jkey, 's', 'p', 'n', 'u', 'a', 'm')
if not f[1] or not f[3] then
  return { 0, '' }
end
if f[1] ~= 'DEAD' and f[1] ~= 'CANCELLED' then
  return { 2, f[1] }
end
local holder = reopen(base, n, f, now)
if holder then
  return { 3, holder }
end
redis.call('PUBLISH', ARGV[5], '1')
return { 1, '' }
