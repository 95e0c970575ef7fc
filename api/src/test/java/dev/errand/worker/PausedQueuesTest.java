package dev.errand.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.spi.Backend;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PausedQueuesTest {
    private final AtomicReference<Set<String>> paused = new AtomicReference<>(Set.of());
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final PausedQueues queues = new PausedQueues(backend(), Set.of("a", "b"), nanos::get);

    @Test
    void aPause_isSeenAtTheNextRefresh_andTheBackendIsReadAtMostOnceASecond() {
        assertThat(queues.active()).containsExactlyInAnyOrder("a", "b");
        paused.set(Set.of("b", "other"));
        for (int i = 0; i < 1000; i++) {
            assertThat(queues.active()).as("before the refresh").containsExactlyInAnyOrder("a", "b");
            nanos.addAndGet(900_000); // 0.9 s over the loop
        }
        nanos.addAndGet(PausedQueues.REFRESH.toNanos() - 900_000_000L);

        assertThat(queues.active()).containsExactly("a");
        assertThat(reads).hasValue(2);
        assertThat(queues.idleWait(Duration.ofSeconds(5))).isEqualTo(PausedQueues.REFRESH);
    }

    @Test
    void aResume_isSeenAtTheNextRefresh_andEveryQueuePausedLeavesNoneToClaim() {
        paused.set(Set.of("a", "b"));
        assertThat(queues.active()).isEmpty();
        paused.set(Set.of());
        nanos.addAndGet(PausedQueues.REFRESH.toNanos());

        assertThat(queues.active()).containsExactlyInAnyOrder("a", "b");
        assertThat(queues.idleWait(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
    }

    private Backend backend() {
        return (Backend) Proxy.newProxyInstance(
                Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (proxy, method, args) -> {
                    if (method.getName().equals("pausedQueues")) {
                        reads.incrementAndGet();
                        return paused.get();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
