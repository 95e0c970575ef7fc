package dev.errand.spring.boot.actuate;

import dev.errand.Errand;
import dev.errand.spi.QueueStats;
import dev.errand.worker.Worker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/errand}: the backend, the depth of every queue, this application's worker and the effective
 * {@code errand.*} configuration, secrets masked ({@code ****}; passwords in URLs masked; values from
 * {@code ${env:}}/{@code ${file:}} shown as written). Expose it with
 * {@code management.endpoints.web.exposure.include=health,errand}.
 */
@Endpoint(id = "errand")
public final class ErrandEndpoint {
    private final Errand errand;
    private final ObjectProvider<Worker> worker;

    public ErrandEndpoint(Errand errand, ObjectProvider<Worker> worker) {
        this.errand = errand;
        this.worker = worker;
    }

    @ReadOperation
    public Map<String, Object> errand() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("backend", errand.backend().name());
        body.put(
                "capabilities",
                errand.backend().capabilities().stream()
                        .map(Enum::name)
                        .sorted()
                        .toList());
        Instant now = errand.clock().instant();
        List<Map<String, Object>> queues = new ArrayList<>();
        for (QueueStats q : errand.backend().queueStats()) {
            Map<String, Object> queue = new LinkedHashMap<>();
            queue.put("queue", q.queue());
            queue.put("available", q.available());
            queue.put("scheduled", q.scheduled());
            queue.put("running", q.running());
            queue.put("retryable", q.retryable());
            queue.put("oldestAvailableAgeSeconds", q.oldestAge(now).toMillis() / 1000.0);
            queues.add(queue);
        }
        body.put("queues", queues);
        Worker w = worker.getIfAvailable();
        if (w != null) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("id", w.id());
            info.put("queues", new ArrayList<>(new java.util.TreeSet<>(w.queues())));
            info.put("threads", w.threads());
            info.put("busyThreads", w.busyThreads());
            info.put("succeeded", w.stats().succeeded());
            info.put("retried", w.stats().retried());
            info.put("dead", w.stats().dead());
            info.put("stopped", w.isStopped());
            body.put("worker", info);
        }
        Map<String, String> config = new TreeMap<>();
        for (String key : errand.config().asMap().keySet()) {
            config.put(key, errand.config().printable(key));
        }
        body.put("config", config);
        return body;
    }
}
