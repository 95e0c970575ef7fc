package dev.errand.bench.raw;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The least a Redis queue writes to keep each job as a record under a lease that can be fenced, as Errand's scripts
 * do: a hash per job (state, attempt, owner, payload), a ready set, and a set of leases by expiry. A take is two
 * scripts: the claim pops up to {@value #TAKE} jobs and marks each one running under the take's own lease token; the
 * finish checks that each job still holds that token, marks it succeeded and lets its hash expire. No priorities,
 * schedules, unique keys, listings, results or outcome notices: a floor for what a per-job record costs, beside
 * {@link RedisRawQueue}'s ceiling for a queue that keeps none.
 */
final class RedisRecordQueue implements RawQueue {
    static final int TAKE = 1_000;
    private static final String PAYLOAD = "[0123456789abcd]";
    private static final long RETENTION_MS = 3_600_000;

    private static final String ADD = """
            local count = tonumber(ARGV[1])
            local last = redis.call('INCRBY', KEYS[3], count)
            local ready = {}
            for i = 1, count do
              local n = last - count + i
              redis.call('HSET', ARGV[2] .. n, 's', 'AVAILABLE', 'a', '0', 'd', ARGV[3])
              ready[#ready + 1] = 0
              ready[#ready + 1] = n
              if #ready == 2000 then -- unpack() has a stack limit
                redis.call('ZADD', KEYS[1], unpack(ready))
                ready = {}
              end
            end
            if #ready > 0 then
              redis.call('ZADD', KEYS[1], unpack(ready))
            end
            return count""";

    private static final String CLAIM = """
            local popped = redis.call('ZPOPMIN', KEYS[1], tonumber(ARGV[1]))
            local out, leases = {}, {}
            for i = 1, #popped, 2 do
              local n = popped[i]
              local job = ARGV[2] .. n
              local f = redis.call('HMGET', job, 's', 'a', 'd')
              if f[1] == 'AVAILABLE' then
                redis.call('HSET', job, 's', 'RUNNING', 'a', tonumber(f[2]) + 1, 'o', ARGV[3])
                leases[#leases + 1] = ARGV[4]
                leases[#leases + 1] = n
                out[#out + 1] = n
                out[#out + 1] = f[3]
              end
            end
            if #leases > 0 then
              redis.call('ZADD', KEYS[2], unpack(leases))
            end
            return out""";

    private static final String FINISH = """
            local done = {}
            for i = 4, #ARGV do
              local job = ARGV[2] .. ARGV[i]
              local f = redis.call('HMGET', job, 's', 'o')
              if f[1] == 'RUNNING' and f[2] == ARGV[3] then
                redis.call('HSET', job, 's', 'SUCCEEDED', 'fin', ARGV[1])
                redis.call('PEXPIRE', job, %d)
                done[#done + 1] = ARGV[i]
              end
            end
            if #done > 0 then
              redis.call('ZREM', KEYS[2], unpack(done))
            end
            return #done""".formatted(RETENTION_MS);

    private final JedisPooled redis;
    private final List<String> keys;
    private final String jobPrefix;
    private final String add;
    private final String claim;
    private final String finish;
    /** Lease tokens: this queue's own prefix, then a count. */
    private final String tokenPrefix = "take-" + UUID.randomUUID() + "-";

    private final AtomicLong tokens = new AtomicLong();

    RedisRecordQueue(String url, String prefix) {
        this.redis = new JedisPooled(URI.create(url));
        String base = "{" + prefix + ":record}";
        this.keys = List.of(base + ":ready", base + ":leases", base + ":seq");
        this.jobPrefix = base + ":job:";
        try {
            this.add = redis.scriptLoad(ADD, keys.get(0));
            this.claim = redis.scriptLoad(CLAIM, keys.get(0));
            this.finish = redis.scriptLoad(FINISH, keys.get(0));
            clear();
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    @Override
    public String kind() {
        return RECORD_FLOOR;
    }

    @Override
    public String describe() {
        return "record floor, Lua: one hash per job (state, attempt, owner, payload), a ready zset and a leases zset;"
                + " a take claims up to " + TAKE + " under its own token, then finishes them fenced on it (hash"
                + " expires); one script per batch or item";
    }

    @Override
    public void addBatch(int count) {
        redis.evalsha(add, keys, List.of(Integer.toString(count), jobPrefix, PAYLOAD));
    }

    @Override
    public void addOne() {
        addBatch(1);
    }

    @Override
    public int take() {
        String token = tokenPrefix + tokens.incrementAndGet();
        long now = System.currentTimeMillis() * 1000;
        List<?> claimed = (List<?>) redis.evalsha(
                claim, keys, List.of(Integer.toString(TAKE), jobPrefix, token, Long.toString(now + 30_000_000)));
        if (claimed.isEmpty()) {
            return 0;
        }
        List<String> args = new ArrayList<>(3 + claimed.size() / 2);
        args.add(Long.toString(now));
        args.add(jobPrefix);
        args.add(token);
        for (int i = 0; i < claimed.size(); i += 2) {
            args.add(claimed.get(i).toString());
        }
        long finished = (Long) redis.evalsha(finish, keys, args);
        if (finished != claimed.size() / 2) {
            throw new IllegalStateException("the record floor finished " + finished + " of " + claimed.size() / 2
                    + " jobs it had claimed under " + token);
        }
        return (int) finished;
    }

    @Override
    public int takeBatch() {
        return TAKE;
    }

    /** Deletes this queue's keys: its sets, its counter and every job hash under its prefix. */
    private void clear() {
        redis.del(keys.toArray(String[]::new));
        ScanParams match = new ScanParams().match(jobPrefix + "*").count(1_000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, match);
            if (!page.getResult().isEmpty()) {
                redis.del(page.getResult().toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }

    @Override
    public void close() {
        clear();
        redis.close();
    }
}
