package dev.errand.spring.boot;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/** An application service: stores a member and enqueues their greeting in one Spring transaction. */
public class Signups {
    private final JdbcTemplate jdbc;
    private final GreeterJobs jobs;

    public Signups(JdbcTemplate jdbc, GreeterJobs jobs) {
        this.jdbc = jdbc;
        this.jobs = jobs;
    }

    @Transactional
    public void signUp(String name, boolean refuse) {
        jdbc.update("insert into members(name) values (?)", name);
        jobs.greet(name).enqueue();
        if (refuse) {
            throw new IllegalStateException("sign-up of " + name + " refused");
        }
    }

    public int members() {
        return jdbc.queryForObject("select count(*) from members", Integer.class);
    }
}
