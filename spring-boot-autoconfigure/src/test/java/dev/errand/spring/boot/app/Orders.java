package dev.errand.spring.boot.app;

import dev.errand.Job;
import org.springframework.stereotype.Service;

@Service
public class Orders {
    private final Shipments shipments;

    public Orders(Shipments shipments) {
        this.shipments = shipments;
    }

    @Job(queue = "orders")
    public void ship(String order) {
        shipments.ship(order);
    }

    @Job(queue = "orders", maxAttempts = 1)
    public void refuse(String order) {
        throw new IllegalArgumentException("order " + order + " cannot ship");
    }
}
