-- Gives the maintenance lease up if ARGV[1] holds it (a worker that stops), so another worker takes
-- over at its next try. KEYS[1] is the lease hash {prefix}:maintenance (see maintenance_lead.lua).
if redis.call('HGET', KEYS[1], 'owner') == ARGV[1] then
  redis.call('HDEL', KEYS[1], 'owner', 'until')
  return 1
end
return 0
