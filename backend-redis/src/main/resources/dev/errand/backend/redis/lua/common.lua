-- Helpers shared by Errand's scripts; each script carries the ones it uses (LuaPrelude, in the client).
--
-- Every script gets the same five keys of one queue, all under the queue's hash tag, so a script
-- touches exactly one cluster slot:
--   KEYS[1] ready    zset  score = -priority, member = ready_member(runAt, n)
--   KEYS[2] delayed  zset  score = runAt (epoch µs), member = n   (SCHEDULED and RETRYABLE jobs)
--   KEYS[3] leases   zset  score = lease expiry (epoch µs), member = n   (RUNNING jobs)
--   KEYS[4] unique   hash  field = name .. '\n' .. uniqueKey, value = n of the job holding it
--   KEYS[5] seq      string, the queue's job counter
-- and ARGV[1] = the tag base ('{prefix:queue}'), ARGV[2] = the queue name. Job hashes live at
-- base .. ':job:' .. n: the same tag, so the same slot as the declared keys. So do the operator's
-- indexes, named from the base like the job hashes:
--   base .. ':all'   zset  score = enqueuedAt (epoch µs), member = index_member(n)   (every kept job)
--   base .. ':dead', ':cancelled'
--                    zset  the same, for the kept jobs in that state only (a listing of dead or cancelled jobs walks
--                          these; succeeded jobs get no index, to keep a completion as cheap as it was)
--   base .. ':gone'  zset  score = when the dead or cancelled job's hash expires (epoch µs), member = index_member(n)
--   base .. ':succeeded:minutes'
--                    hash  field = epoch minute, value = jobs that succeeded in it (the overview's count)
--   base .. ':prune' hash  where maintenance's walk over ':all' goes on (fields 'score', 'ties')
-- A finished job stays in the indexes until maintenance (prune.lua) or a listing finds its hash expired.
--
-- Times are epoch microseconds from the client's clock, passed as decimal strings and stored as
-- given (never Redis TIME). Lua numbers are doubles: exact for integers below 2^53, but tostring()
-- and '..' print only 14 digits, so numbers are turned into strings with int() only.

local FINAL = { SUCCEEDED = true, DEAD = true, CANCELLED = true }
-- The index of the dead and of the cancelled jobs, a suffix of the base.
local FINAL_INDEX = { DEAD = ':dead', CANCELLED = ':cancelled' }

local function int(x)
  return string.format('%d', x)
end

local function job_key(base, n)
  return base .. ':job:' .. n
end

-- Members of one priority share a score and sort by bytes: runAt in ms, then the job number.
local function ready_member(run_us, n)
  local ms = math.floor(tonumber(run_us) / 1000)
  if ms < 0 then
    ms = 0
  end
  return string.format('%014d%012d', ms, tonumber(n))
end

-- Calls command(key, items...) for a long list in calls of at most 2000 items (Lua's unpack has a
-- stack limit): 'ZREM' with members, or 'ZADD' with score, member pairs (an even step keeps them).
local function call_chunked(command, key, items)
  for i = 1, #items, 2000 do
    redis.call(command, key, unpack(items, i, math.min(i + 1999, #items)))
  end
end

-- The member of a job in the ':all' and ':gone' indexes: n padded, so members of one score sort by number.
local function index_member(n)
  return string.format('%012d', tonumber(n))
end

-- Drops index members (a list) from every listing index of the queue: their jobs are deleted or expired.
local function unindex(base, members)
  for _, suffix in ipairs({ ':all', ':gone', ':dead', ':cancelled' }) do
    call_chunked('ZREM', base .. suffix, members)
  end
end

local function member_job(member)
  return int(tonumber(string.sub(member, 15)))
end

local function make_ready(jkey, n, priority, run_us)
  redis.call('HSET', jkey, 's', 'AVAILABLE')
  redis.call('ZADD', KEYS[1], -tonumber(priority), ready_member(run_us, n))
end

-- Moves up to `limit` due SCHEDULED/RETRYABLE jobs from the delayed set to the ready set.
local function promote(base, now, limit)
  local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, limit)
  for _, n in ipairs(due) do
    local jkey = job_key(base, n)
    local f = redis.call('HMGET', jkey, 's', 'p', 'r')
    redis.call('ZREM', KEYS[2], n)
    if f[1] == 'SCHEDULED' or f[1] == 'RETRYABLE' then
      make_ready(jkey, n, f[2], f[3])
    end
  end
end

-- An error record as RedisValues.jobError reads it: "<attempt> <at µs> <type bytes> <message bytes>\n" type message stack.
local function error_record(attempt, at, type, message, stack)
  return attempt .. ' ' .. at .. ' ' .. int(#type) .. ' ' .. int(#message) .. '\n' .. type .. message .. stack
end

local function add_error(jkey, record)
  local ne = redis.call('HINCRBY', jkey, 'ne', 1)
  redis.call('HSET', jkey, 'e' .. int(ne), record)
end

-- Lets go of a job's unique key (name, key: nil when it has none) if the job still holds it.
local function free_unique_key(n, name, ukey)
  if ukey then
    local field = name .. '\n' .. ukey
    if redis.call('HGET', KEYS[4], field) == n then
      redis.call('HDEL', KEYS[4], field)
    end
  end
end

-- Publishes the job's id on the channels of the clients waiting for its outcome ('w': nil when none).
local function tell_waiters(channels, queue, n)
  if channels then
    local id = queue .. ':' .. n
    for channel in string.gmatch(channels, '%S+') do
      redis.call('PUBLISH', channel, id)
    end
  end
end

-- An operator's retry of a dead or cancelled job n whose fields f = HMGET 's', 'p', 'n', 'u', 'a', 'm'
-- were read: AVAILABLE at `now`, its attempts so far plus the maxAttempts it had as its new
-- maxAttempts, its errors kept, its hash kept again (no expiry). Returns nil, or the number of the
-- unfinished job that holds its unique key now (then nothing changed).
local function reopen(base, n, f, now)
  if f[4] then
    local field = f[3] .. '\n' .. f[4]
    local holder = redis.call('HGET', KEYS[4], field)
    if holder and holder ~= n then
      local held = redis.call('HGET', job_key(base, holder), 's')
      if held and not FINAL[held] then
        return holder
      end
    end
    redis.call('HSET', KEYS[4], field, n)
  end
  local jkey = job_key(base, n)
  redis.call('PERSIST', jkey)
  redis.call('HDEL', jkey, 'fin', 'res')
  redis.call('HSET', jkey, 'm', int(tonumber(f[5] or '0') + tonumber(f[6])), 'r', now)
  make_ready(jkey, n, f[2], now)
  redis.call('ZREM', base .. ':gone', index_member(n))
  redis.call('ZREM', base .. FINAL_INDEX[f[1]], index_member(n))
  return nil
end

-- Ends a job: final state and time (and result, if any), unique key freed, waiting clients told,
-- the hash (with its result and errors) kept for the retention only, and a dead or cancelled job put in
-- its state's index and in ':gone'. `nuw` is the job's 'n', 'u' and 'w' fields when the caller has read
-- them already (nil: read here).
local function finish(jkey, n, queue, state, now, retention_ms, result, nuw)
  local f = nuw or redis.call('HMGET', jkey, 'n', 'u', 'w')
  if result then
    redis.call('HSET', jkey, 's', state, 'fin', now, 'res', result)
  else
    redis.call('HSET', jkey, 's', state, 'fin', now)
  end
  if f[3] then
    redis.call('HDEL', jkey, 'w') -- the owner 'o' may stay: a finished job is fenced by its state
  end
  free_unique_key(n, f[1], f[2])
  tell_waiters(f[3], queue, n)
  redis.call('PEXPIRE', jkey, retention_ms)
  if state ~= 'SUCCEEDED' then -- succeeded jobs stay out (finishing one is the hot path): counted per minute instead
    redis.call('ZADD', ARGV[1] .. FINAL_INDEX[state], redis.call('HGET', jkey, 'e'), index_member(n))
    redis.call('ZADD', ARGV[1] .. ':gone', tonumber(now) + tonumber(retention_ms) * 1000, index_member(n))
  end
end

-- Counts `count` jobs that succeeded at `now` (µs) in the queue's per-minute counts.
local function count_succeeded(base, now, count)
  if count > 0 then
    redis.call('HINCRBY', base .. ':succeeded:minutes', int(math.floor(tonumber(now) / 60000000)), count)
  end
end

-- True when the job is RUNNING under this lease (fencing on owner and attempt).
local function leased(f_state, f_owner, f_attempt, owner, attempt)
  return f_state == 'RUNNING' and f_owner == owner and f_attempt == attempt
end

-- Writes the hash of new job n from its 10 values at ARGV[a] (name, priority, payload, fingerprint, maxAttempts,
-- timeout ms, enqueuedAt, runAt, uniqueKey ('' = none), headers ('' = none)), and holds its unique key under `field`
-- (false: none). Returns true when it is scheduled: it goes to the delayed set, else to the ready set.
local function store_job(base, now, a, n, field)
  local run = ARGV[a + 7]
  local scheduled = tonumber(run) > now
  local fields = { 'n', ARGV[a], 'p', ARGV[a + 1], 'd', ARGV[a + 2], 'f', ARGV[a + 3], 'm', ARGV[a + 4],
    't', ARGV[a + 5], 'e', ARGV[a + 6], 'r', run, 'a', '0', 's', scheduled and 'SCHEDULED' or 'AVAILABLE' }
  if ARGV[a + 9] ~= '' then
    fields[#fields + 1] = 'hd' -- headers, only when there are some
    fields[#fields + 1] = ARGV[a + 9]
  end
  if field then
    fields[#fields + 1] = 'u'
    fields[#fields + 1] = ARGV[a + 8]
    redis.call('HSET', KEYS[4], field, n)
  end
  redis.call('HSET', job_key(base, n), unpack(fields))
  return scheduled
end

-- Stores `count` new jobs whose 10 values each (see store_job) start at ARGV[first], and wakes the queue's idle
-- workers when one was stored. Returns per job two integers: the job number, and 1 when it is a duplicate of the job
-- holding its unique key (then the number is that job's), else 0.
local function store_jobs(base, now, wake, count, first)
  local out = {}
  -- Score, member pairs for the listing index, the ready set and the delayed set: one ZADD each for the
  -- whole batch (a call per job cost as much as the insert itself).
  local listed, ready, delayed = {}, {}, {}
  -- One counter step for the whole batch; a duplicate leaves its number unused (ids only need to be unique and rising).
  local n_next = int(redis.call('INCRBY', KEYS[5], count)) - count + 1
  for i = 0, count - 1 do
    local a = first + i * 10
    local ukey = ARGV[a + 8]
    local holder = false
    local field = false
    if ukey ~= '' then
      field = ARGV[a] .. '\n' .. ukey
      holder = redis.call('HGET', KEYS[4], field)
      if holder then
        local state = redis.call('HGET', job_key(base, holder), 's')
        if not state or FINAL[state] then
          holder = false -- a stale entry: its job is gone or finished
        end
      end
    end
    if holder then
      out[#out + 1] = tonumber(holder)
      out[#out + 1] = 1
    else
      local n = int(n_next)
      n_next = n_next + 1
      listed[#listed + 1] = ARGV[a + 6]
      listed[#listed + 1] = index_member(n)
      if store_job(base, now, a, n, field) then
        delayed[#delayed + 1] = ARGV[a + 7]
        delayed[#delayed + 1] = n
      else
        ready[#ready + 1] = -tonumber(ARGV[a + 1])
        ready[#ready + 1] = ready_member(ARGV[a + 7], n)
      end
      out[#out + 1] = tonumber(n)
      out[#out + 1] = 0
    end
  end
  call_chunked('ZADD', base .. ':all', listed)
  call_chunked('ZADD', KEYS[2], delayed)
  call_chunked('ZADD', KEYS[1], ready)
  if #listed > 0 then
    redis.call('PUBLISH', wake, '1')
  end
  return out
end

-- Recurring jobs live in the slot of the queue they enqueue on: the hash base .. ':schedule:' .. name
-- (fields c cron, z zone, mi missed, cap, n job name, p priority, m max attempts, t timeout ms,
-- f fingerprint, d payload, nx next fire, pa paused '1'/'0', lf last fire, lj last job id; times
-- in epoch µs), and the zset base .. ':schedules' of their names scored by next fire ('+inf' while
-- paused), which finds the due ones.
local SCHEDULE_FIELDS = { 'c', 'z', 'mi', 'cap', 'n', 'p', 'm', 't', 'f', 'd', 'nx', 'pa', 'lf', 'lj' }

local function schedule_key(base, name)
  return base .. ':schedule:' .. name
end

local function schedules_key(base)
  return base .. ':schedules'
end

-- The schedule as a reply: its name, then the values of SCHEDULE_FIELDS ('' for a missing one).
local function schedule_reply(out, base, name)
  local f = redis.call('HMGET', schedule_key(base, name), unpack(SCHEDULE_FIELDS))
  out[#out + 1] = name
  for i = 1, #SCHEDULE_FIELDS do
    out[#out + 1] = f[i] or ''
  end
end
