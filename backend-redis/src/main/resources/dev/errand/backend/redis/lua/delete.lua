-- An operator's delete of a job that is not running: its hash (result and errors too), its place
-- in the ready or delayed set and in the listing indexes, and its unique key; clients waiting for
-- its outcome are told (they then find it gone).
-- ARGV: base, queue, n
-- Returns { code, detail }: 1 deleted; 0 unknown; 2 running (detail: the lease owner).
local base, queue, n = ARGV[1], ARGV[2], ARGV[3]
local jkey = job_key(base, n)
local f = redis.call('HMGET', jkey, 's', 'r', 'n', 'u', 'w', 'o')
if not f[1] or not f[3] then
  return { 0, '' }
end
if f[1] == 'RUNNING' then
  return { 2, f[6] or '' }
end
redis.call('ZREM', KEYS[1], ready_member(f[2], n))
redis.call('ZREM', KEYS[2], n)
free_unique_key(n, f[3], f[4])
redis.call('DEL', jkey)
unindex(base, { index_member(n) })
tell_waiters(f[5], queue, n)
return { 1, '' }
