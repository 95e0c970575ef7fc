package dev.errand.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The three settings of a backend's retention ({@link RetentionConfig}): {@code <key>.succeeded},
 * {@code <key>.failed} and the shorthand {@code <key>} that sets both.
 */
public record RetentionKeys(Setting<Duration> both, Setting<Duration> succeeded, Setting<Duration> failed) {

    public RetentionKeys {
        Objects.requireNonNull(both, "both == null");
        Objects.requireNonNull(succeeded, "succeeded == null");
        Objects.requireNonNull(failed, "failed == null");
    }

    /**
     * The retention under {@code key}, e.g. {@code errand.jdbc.retention}, with these defaults; each
     * doc says what happens to a job when its time is up.
     */
    public static RetentionKeys declare(
            String key, Duration succeededDefault, Duration failedDefault, String succeededDoc, String failedDoc) {
        return new RetentionKeys(
                Setting.duration(key, null)
                        .defaultText("none")
                        .doc("shorthand that sets both `"
                                + RetentionConfig.succeededKey(key) + "` and `" + RetentionConfig.failedKey(key)
                                + "`; each of those wins over it for its kind"),
                Setting.duration(RetentionConfig.succeededKey(key), succeededDefault)
                        .doc(succeededDoc),
                Setting.duration(RetentionConfig.failedKey(key), failedDefault).doc(failedDoc));
    }

    /** The retention {@code config} sets: each kind's key, else the shorthand, else the default. */
    public RetentionConfig read(ErrandConfig config) {
        Duration shorthand = both.get(config);
        return new RetentionConfig(
                succeeded.get(config, shorthand != null ? shorthand : succeeded.defaultValue()),
                failed.get(config, shorthand != null ? shorthand : failed.defaultValue()),
                both.key());
    }
}
