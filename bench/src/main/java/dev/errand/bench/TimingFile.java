package dev.errand.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Routes the {@code errand.timing} logger to a file while a scenario runs, the way
 * {@code docs/timing-log.md} shows it: a Logback {@link FileAppender} with the pattern
 * {@code %msg%n}, buffered ({@code immediateFlush=false}; {@link #close()} flushes). Otherwise the logger is off
 * ({@code logback.xml}), and the scenarios that run without it also set {@code errand.timing.enabled=false}.
 */
final class TimingFile implements AutoCloseable {
    private final Logger logger;
    private final FileAppender<ILoggingEvent> appender;
    private final Path file;

    private TimingFile(Logger logger, FileAppender<ILoggingEvent> appender, Path file) {
        this.logger = logger;
        this.appender = appender;
        this.file = file;
    }

    static TimingFile open() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new IllegalStateException("the timing log to a file needs Logback as the SLF4J binding, but it is "
                    + LoggerFactory.getILoggerFactory().getClass().getName()
                    + "; remove the other binding from the class path");
        }
        Path file;
        try {
            file = Files.createTempFile("errand-bench-timing-", ".log");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a file for the timing log", e);
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("bench-timing");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.setImmediateFlush(false); // as docs/timing-log.md configures it
        appender.start();
        Logger logger = context.getLogger("errand.timing");
        logger.setAdditive(false);
        logger.addAppender(appender);
        logger.setLevel(Level.INFO);
        return new TimingFile(logger, appender, file);
    }

    /** Lines written so far (after {@link #close()}: all of them). */
    long lines() {
        try (var lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            return -1;
        }
    }

    long bytes() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Turns the logger off again, closes the file; {@link #delete()} removes it. */
    @Override
    public void close() {
        logger.setLevel(Level.OFF);
        logger.detachAppender(appender);
        appender.stop();
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file left behind is harmless
        }
    }
}
