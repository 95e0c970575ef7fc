package dev.errand.bench.raw;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.args.ListDirection;

/**
 * The reliable list queue of Redis's documentation: {@code LPUSH} to add, {@code LMOVE} to a processing list to take
 * and {@code LREM} from it to acknowledge, each batch pipelined (two round trips per batch).
 */
final class RedisRawQueue implements RawQueue {
    static final int TAKE = 100;
    private static final byte[] PAYLOAD = new byte[16];

    private final JedisPooled redis;
    private final byte[] queue;
    private final byte[] processing;

    RedisRawQueue(String url, String prefix) {
        this.redis = new JedisPooled(java.net.URI.create(url));
        this.queue = (prefix + ":raw:queue").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.processing = (prefix + ":raw:processing").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        redis.del(queue, processing);
    }

    @Override
    public String kind() {
        return RAW;
    }

    @Override
    public String describe() {
        return "raw lists: LPUSH pipelined per batch; " + TAKE + " LMOVE to a processing list + " + TAKE
                + " LREM, each pipelined; LPUSH per item";
    }

    @Override
    public void addBatch(int count) {
        try (Pipeline p = redis.pipelined()) {
            for (int i = 0; i < count; i++) {
                p.lpush(queue, PAYLOAD);
            }
            p.sync();
        }
    }

    @Override
    public void addOne() {
        redis.lpush(queue, PAYLOAD);
    }

    @Override
    public int take() {
        List<Response<byte[]>> moved = new ArrayList<>(TAKE);
        try (Pipeline p = redis.pipelined()) {
            for (int i = 0; i < TAKE; i++) {
                moved.add(p.lmove(queue, processing, ListDirection.RIGHT, ListDirection.LEFT));
            }
            p.sync();
        }
        int taken = 0;
        try (Pipeline p = redis.pipelined()) {
            for (Response<byte[]> r : moved) {
                byte[] item = r.get();
                if (item != null) {
                    p.lrem(processing, 1, item);
                    taken++;
                }
            }
            p.sync();
        }
        return taken;
    }

    @Override
    public int takeBatch() {
        return TAKE;
    }

    @Override
    public void close() {
        redis.del(queue, processing);
        redis.close();
    }
}
