package dev.errand.bench.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisCommandCounterTest {

    @Test
    void commandStats_readsCallsAndMicrosecondsOfEveryCommand() {
        String info = "# Commandstats\r\n"
                + "cmdstat_evalsha:calls=12,usec=340,usec_per_call=28.33,rejected_calls=0,failed_calls=1\r\n"
                + "cmdstat_HSET:calls=24,usec=48,usec_per_call=2.00,rejected_calls=0,failed_calls=0\r\n";

        assertThat(RedisCommandCounter.commandStats(info))
                .containsOnly(
                        org.assertj.core.api.Assertions.entry("evalsha calls", 12L),
                        org.assertj.core.api.Assertions.entry("evalsha usec", 340L),
                        org.assertj.core.api.Assertions.entry("hset calls", 24L),
                        org.assertj.core.api.Assertions.entry("hset usec", 48L));
    }
}
