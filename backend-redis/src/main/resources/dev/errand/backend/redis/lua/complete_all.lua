-- Marks many leased attempts of one queue SUCCEEDED, each fenced on its own lease, as complete.lua
-- does for one. Returns one flag per job, in order: 1, or 0 when that lease was lost.
-- ARGV: base, queue, now, retention ms of succeeded jobs, count, then per job: n, owner, attempt, has result ('1'/'0'), result
local base, queue, now, retention, count = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local held = {}
local done = {}
for i = 0, count - 1 do
  local a = 6 + i * 5
  local n = ARGV[a]
  local jkey = job_key(base, n)
  -- One read for the fence and for finish: state, owner, attempt, then name, unique key, waiters.
  local f = redis.call('HMGET', jkey, 's', 'o', 'a', 'n', 'u', 'w')
  if leased(f[1], f[2], f[3], ARGV[a + 1], ARGV[a + 2]) then
    done[#done + 1] = n
    finish(jkey, n, queue, 'SUCCEEDED', now, retention, ARGV[a + 3] == '1' and ARGV[a + 4] or nil, { f[4], f[5], f[6] })
    held[#held + 1] = 1
  else
    held[#held + 1] = 0
  end
end
call_chunked('ZREM', KEYS[3], done)
count_succeeded(base, now, #done)
return held
