-- One queue's part of a page of the operator's job listing: the jobs after a position in one of
-- its listing indexes (':all', ':dead' or ':cancelled': enqueue time, then number), up to a limit, that
-- pass the filters. Drops index members whose hash expired. Reads as many jobs as it takes to fill
-- the page: on a state's own index, each job it reads is one of that state.
-- ARGV: base, queue, now, 'asc' or 'desc', start score (µs, or -inf/+inf), skip rule at the start
--   score ('le' / 'ge' with a member: leave out members <= or >= it; 'none'), skip member, end bound
--   (as ZRANGEBYSCORE takes it), limit, job name ('' any), states (comma-separated, '' any), index
--   ('all', 'dead' or 'cancelled')
-- Returns per job: { member, { field, value, ... } } with the fields JobHash reads (no payload).
local base, now, desc = ARGV[1], tonumber(ARGV[3]), ARGV[4] == 'desc'
local start, skip_rule, skip_member, bound = ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local limit, name, states = tonumber(ARGV[9]), ARGV[10], ARGV[11]
local want = {}
for s in string.gmatch(states, '[^,]+') do
  want[s] = true
end
local index = base .. ':' .. ARGV[12]
local fields = { 'n', 'p', 'm', 'e', 'r', 'a', 's', 'fin', 'u', 'ne', 'hd' }
local start_num = tonumber(start)
local out = {}
local lo, offset = start, 0
while true do
  local chunk
  if desc then
    chunk = redis.call('ZREVRANGEBYSCORE', index, lo, bound, 'WITHSCORES', 'LIMIT', offset, 500)
  else
    chunk = redis.call('ZRANGEBYSCORE', index, lo, bound, 'WITHSCORES', 'LIMIT', offset, 500)
  end
  for i = 1, #chunk, 2 do
    local m, score = chunk[i], chunk[i + 1]
    if tonumber(score) == tonumber(lo) then
      offset = offset + 1
    else
      lo, offset = score, 1
    end
    local skipped = start_num ~= nil and tonumber(score) == start_num
      and ((skip_rule == 'le' and m <= skip_member) or (skip_rule == 'ge' and m >= skip_member))
    if not skipped then
      local jkey = job_key(base, int(tonumber(m)))
      local v = redis.call('HMGET', jkey, unpack(fields))
      if not v[7] or not v[1] then
        unindex(base, { m }) -- its hash expired
        if tonumber(score) == tonumber(lo) then
          offset = offset - 1
        end
      else
        local state = v[7]
        if (state == 'SCHEDULED' or state == 'RETRYABLE') and tonumber(v[5]) <= now then
          state = 'AVAILABLE'
        end
        if (states == '' or want[state]) and (name == '' or v[1] == name) then
          local flat = {}
          for k, f in ipairs(fields) do
            if v[k] then
              flat[#flat + 1] = f
              flat[#flat + 1] = v[k]
            end
          end
          for e = 1, tonumber(v[10] or '0') do
            local record = redis.call('HGET', jkey, 'e' .. e)
            if record then
              flat[#flat + 1] = 'e' .. e
              flat[#flat + 1] = record
            end
          end
          out[#out + 1] = { m, flat }
          if #out >= limit then
            return out
          end
        end
      end
    end
  end
  if #chunk < 1000 then
    return out
  end
end
