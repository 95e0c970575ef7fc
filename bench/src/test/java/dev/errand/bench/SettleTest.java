package dev.errand.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SettleTest {
    @Test
    void readsTotalAndIdleTicksFromTheCpuLine() {
        // user nice system idle iowait irq softirq steal guest guest_nice: guest time is in user already
        long[] ticks = Settle.parse("cpu  100 5 50 1000 40 3 2 1 7 0");
        assertThat(ticks).containsExactly(1201, 1000);
        assertThatThrownBy(() -> Settle.parse("cpu0 1 2 3 4 5")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quietWhenBusyAndWaitingForIoStayUnderATenth() {
        assertThat(Settle.quiet(new long[] {1_000, 900}, new long[] {2_000, 1_850}))
                .isTrue(); // 5 % busy
        assertThat(Settle.quiet(new long[] {1_000, 900}, new long[] {2_000, 1_800}))
                .isFalse(); // 10 %
        assertThat(Settle.quiet(new long[] {1_000, 900}, new long[] {1_000, 900}))
                .isFalse(); // no tick passed
    }

    @Test
    void givesUpWhileEveryCpuIsBusy() /* and at once where /proc/stat cannot be read */ throws InterruptedException {
        AtomicBoolean spin = new AtomicBoolean(true);
        List<Thread> spinners = new ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            Thread t = new Thread(() -> {
                while (spin.get()) {
                    Thread.onSpinWait();
                }
            });
            t.setDaemon(true);
            t.start();
            spinners.add(t);
        }
        try {
            assertThat(Settle.awaitQuiet(Duration.ofSeconds(2))).isNegative();
        } finally {
            spin.set(false);
            for (Thread t : spinners) {
                t.join();
            }
        }
    }
}
