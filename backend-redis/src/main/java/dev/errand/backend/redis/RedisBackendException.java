package dev.errand.backend.redis;

import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The Redis backend could not talk to Redis (a connection refused, reset or silent past
 * {@code errand.redis.timeout}): the message names the operation, the queue, the endpoint and the
 * key it came from; the Jedis exception is the cause. It is a {@link JedisConnectionException}, so
 * code that caught Jedis's exceptions before still does. The worker runtime logs such failures of
 * claim, renew and complete and tries again; a producer's {@code enqueue()} is not retried.
 */
public class RedisBackendException extends JedisConnectionException {
    public RedisBackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
