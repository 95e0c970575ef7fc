package dev.errand.spring.boot4;

import dev.errand.Job;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Service;

/** Jobs on a Spring bean. */
@Service
public class Orders {
    private final List<String> shipped = new CopyOnWriteArrayList<>();

    @Job(queue = "orders")
    public void ship(String order) {
        shipped.add(order);
    }

    @Job(queue = "orders", maxAttempts = 1)
    public void refuse(String order) {
        throw new IllegalArgumentException("order " + order + " cannot ship");
    }

    public List<String> shipped() {
        return shipped;
    }
}
