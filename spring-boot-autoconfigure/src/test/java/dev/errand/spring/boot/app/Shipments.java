package dev.errand.spring.boot.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Repository;

/** The repository the job uses: injected into the job bean by Spring. */
@Repository
public class Shipments {
    private final List<String> shipped = new CopyOnWriteArrayList<>();

    void ship(String order) {
        shipped.add(order);
    }

    public List<String> shipped() {
        return shipped;
    }
}
