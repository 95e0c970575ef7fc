package dev.errand.spring.boot4;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot 4 application as a user writes one: the starter, an H2 DataSource, actuator. */
@SpringBootApplication
public class Shop4Application {}
