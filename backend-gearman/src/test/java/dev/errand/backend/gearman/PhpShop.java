package dev.errand.backend.gearman;

import dev.errand.Job;

/** Functions served by a PHP {@code GearmanWorker} (protocol/php_worker.php), declared only for typed stubs. */
public abstract class PhpShop {
    public record Greeting(String text) {}

    @Job(name = "php::reverse")
    public abstract String reverse(String text);

    @Job(name = "php::append")
    public abstract void append(String line);

    @Job(name = "php::hello")
    public abstract Greeting hello(String name, int times);
}
