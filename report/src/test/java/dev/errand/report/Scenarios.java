package dev.errand.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The generated logs the tests share, each with a known story. */
public final class Scenarios {
    /** 14:00 UTC: the logs start here. */
    public static final Instant T0 = Instant.parse("2026-11-28T14:00:00Z");

    public static final Duration TWENTY_MINUTES = Duration.ofMinutes(20);

    private Scenarios() {}

    /**
     * 4 workers, 100 ms jobs; 20 jobs/s (half the capacity of 40/s) until 14:10, then 60 jobs/s: from 14:10 the
     * backlog grows by 20 jobs/s and delay with it. Little's law: 60 × 0.1 s = 6 busy workers needed, 4 seen.
     */
    public static SyntheticLog saturated() {
        return SyntheticLog.of(T0, TWENTY_MINUTES)
                .phase(Duration.ZERO, 20, Duration.ofMillis(100))
                .phase(Duration.ofMinutes(10), 60, Duration.ofMillis(100));
    }

    /** 4 workers, 100 ms jobs, 20 jobs/s for 20 minutes: 2 busy workers on average, delay a few ms. */
    public static SyntheticLog healthy() {
        return SyntheticLog.of(T0, TWENTY_MINUTES)
                .fn("MailService.send")
                .phase(Duration.ZERO, 20, Duration.ofMillis(100));
    }

    /** Like healthy, but from 14:10 each job takes 300 ms instead of 100 ms: the job got slower. */
    public static SyntheticLog slower() {
        return SyntheticLog.of(T0, TWENTY_MINUTES)
                .fn("ReportService.render")
                .phase(Duration.ZERO, 20, Duration.ofMillis(100))
                .phase(Duration.ofMinutes(10), 20, Duration.ofMillis(300));
    }

    /** Like healthy, but every 10th attempt fails and retries. */
    public static SyntheticLog failing() {
        return SyntheticLog.of(T0, TWENTY_MINUTES)
                .fn("PaymentService.charge")
                .phase(Duration.ZERO, 20, Duration.ofMillis(100))
                .retryEvery(10);
    }

    public static Analysis analyse(List<String> lines) {
        LogAnalyzer analyzer = LogAnalyzer.autoBuckets();
        lines.forEach(analyzer::accept);
        return analyzer.finish();
    }
}
