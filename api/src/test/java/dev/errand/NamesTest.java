package dev.errand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.job.Names;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NamesTest {
    private static final String ALPHABET = "azAZ09_.:$-/ \u00e9\t{}";

    @Test
    void theLoopsAgreeWithThePatterns_onRandomStrings() {
        SplittableRandom random = new SplittableRandom(42);
        for (int n = 0; n < 100_000; n++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(n % 50 == 0 ? 140 : 6);
            for (int i = 0; i < length; i++) {
                s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String candidate = s.toString();
            assertThat(Names.isJobName(candidate))
                    .as("job name '%s'", candidate)
                    .isEqualTo(Names.JOB_NAME.matcher(candidate).matches());
            assertThat(Names.isQueue(candidate))
                    .as("queue '%s'", candidate)
                    .isEqualTo(Names.QUEUE.matcher(candidate).matches());
        }
    }

    @Test
    void limits_andMessages() {
        assertThat(Names.isJobName("a".repeat(128))).isTrue();
        assertThat(Names.isJobName("a".repeat(129))).isFalse();
        assertThat(Names.isQueue("q".repeat(64))).isTrue();
        assertThat(Names.isQueue("q".repeat(65))).isFalse();
        assertThat(Names.isQueue("a$b")).isFalse();
        assertThat(Names.isJobName("Svc$Inner.run")).isTrue();
        assertThat(Names.isJobName(null)).isFalse();
        assertThatThrownBy(() -> Names.checkQueue("bad queue"))
                .hasMessage("invalid queue name 'bad queue': use 1 to 64 letters, digits or _ . : -");
    }
}
