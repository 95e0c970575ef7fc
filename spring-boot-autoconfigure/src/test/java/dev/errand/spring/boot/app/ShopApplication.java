package dev.errand.spring.boot.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A small Spring Boot application, as a user writes one, for the @SpringBootTest. */
@SpringBootApplication
public class ShopApplication {}
