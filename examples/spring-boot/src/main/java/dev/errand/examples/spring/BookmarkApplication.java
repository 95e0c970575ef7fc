package dev.errand.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Bookmarks over HTTP: adding one returns at once, a worker in the same application fills in its title and category. */
@SpringBootApplication
public class BookmarkApplication {
    public static void main(String[] args) {
        SpringApplication.run(BookmarkApplication.class, args);
    }
}
