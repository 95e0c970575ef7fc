-- Promotes due jobs, then shows the first max ready members with their scores (no claim): lets a
-- worker serving several queues pick across them in priority order.
-- ARGV: base, queue, now, max, promote limit
promote(ARGV[1], ARGV[3], tonumber(ARGV[5]))
return redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[4]) - 1, 'WITHSCORES')
