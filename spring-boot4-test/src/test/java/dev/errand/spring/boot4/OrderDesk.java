package dev.errand.spring.boot4;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** An application service: stores an order and enqueues its shipment in one Spring transaction. */
@Service
public class OrderDesk {
    private final JdbcTemplate jdbc;
    private final OrdersJobs jobs;

    public OrderDesk(JdbcTemplate jdbc, OrdersJobs jobs) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        jdbc.execute("create table if not exists orders (id varchar(100) primary key)");
    }

    /** Stores the order and enqueues its shipment; {@code fail} rolls both back. */
    @Transactional
    public void place(String order, boolean fail) {
        jdbc.update("insert into orders(id) values (?)", order);
        jobs.ship(order).enqueue();
        if (fail) {
            throw new IllegalStateException("order " + order + " refused");
        }
    }

    public int stored() {
        return jdbc.queryForObject("select count(*) from orders", Integer.class);
    }
}
