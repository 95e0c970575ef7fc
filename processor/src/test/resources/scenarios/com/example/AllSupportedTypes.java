package com.example;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.errand.Job;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

public class AllSupportedTypes {
    public record Node(String name, List<Node> children) {}

    public record Pair<A, B>(A first, B second) {}

    public static final class Money {
        private final BigDecimal amount;

        @JsonCreator
        public Money(@JsonProperty("amount") BigDecimal amount) {
            this.amount = amount;
        }

        public BigDecimal getAmount() {
            return amount;
        }
    }

    @Job
    public void primitives(boolean a, byte b, short c, int d, long e, char f, float g, double h) {}

    @Job
    public void boxes(Boolean a, Byte b, Short c, Integer d, Long e, Character f, Float g, Double h) {}

    @Job
    public void values(String s, UUID id, BigDecimal amount, BigInteger big, DayOfWeek day) {}

    @Job
    public void time(Instant a, Duration b, LocalDate c, LocalDateTime d, LocalTime e, OffsetDateTime f,
            ZonedDateTime g, Period h) {}

    @Job
    public void collections(List<String> a, Set<Integer> b, Collection<Long> c, Map<UUID, List<String>> d,
            Map<DayOfWeek, Integer> e, Map<Long, String> f, Optional<Instant> g) {}

    @Job
    public void arrays(byte[] a, String[][] b, List<String>[] c, Node[] d) {}

    @Job
    public void records(Node tree, Pair<String, Integer> pair, Money price) {}

    @Job
    public Map<String, List<Pair<String, Long>>> nested(Optional<List<Node>> nodes) {
        return Map.of();
    }

    @Job
    public Void nothing() {
        return null;
    }
}
