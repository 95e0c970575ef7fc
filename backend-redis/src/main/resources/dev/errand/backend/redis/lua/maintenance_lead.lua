-- Takes or keeps the maintenance lease: at most one worker of all that share this Redis rescues
-- expired leases at a time. Not a queue script: KEYS[1] is the lease hash {prefix}:maintenance
-- (owner, until in epoch µs of the client's clock, as every lease here).
-- ARGV[1] owner, ARGV[2] now (µs), ARGV[3] term (µs). Returns 1 when ARGV[1] holds it afterwards.
local held = redis.call('HMGET', KEYS[1], 'owner', 'until')
local now = tonumber(ARGV[2])
if held[1] and held[1] ~= ARGV[1] and now < tonumber(held[2] or '0') then
  return 0
end
local term = tonumber(ARGV[3])
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'until', int(now + term))
-- Gone by itself once every worker stopped renewing (Redis time; the check above uses the client's).
redis.call('PEXPIRE', KEYS[1], int(math.ceil(term / 1000) * 2))
return 1
