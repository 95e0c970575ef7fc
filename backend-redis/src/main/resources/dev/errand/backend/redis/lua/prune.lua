-- Maintenance: drops from the listing indexes up to `limit` finished jobs of one queue whose hash
-- has expired (their retention ended).
-- ARGV: base, queue, now, limit
-- Returns how many; `limit` when more may be left.
local base, now, limit = ARGV[1], ARGV[3], tonumber(ARGV[4])
local gone, all = base .. ':gone', base .. ':all'
local expired = redis.call('ZRANGEBYSCORE', gone, '-inf', now, 'LIMIT', 0, limit)
if #expired > 0 then
  call_chunked('ZREM', all, expired)
  call_chunked('ZREM', gone, expired)
end
return #expired
