package dev.errand.backend.gearman;

import dev.errand.config.ErrandConfig;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;

/**
 * The {@code errand.gearman.*} settings, as {@link GearmanKeys} declares them.
 *
 * @param servers the gearmand servers, in configured order
 */
public record GearmanSettings(
        List<ServerAddress> servers,
        Duration connectTimeout,
        Duration responseTimeout,
        boolean exceptions,
        int priorityHigh,
        int priorityLow,
        boolean uniqueStamp,
        Charset charset,
        boolean concatWorkData,
        Duration keepOutcomes,
        boolean inlineRetries,
        Duration maxInlineBackoff,
        Duration regrabInterval,
        int connectionsPerThread,
        boolean epoch,
        ExceptionEncoding exceptionEncoding) {

    /** How a Java job's final failure is sent ({@code errand.gearman.worker.exceptionEncoding}). */
    public enum ExceptionEncoding {
        /** {@code WORK_WARNING} with the text, then {@code WORK_FAIL}: safe for every client. */
        WARNING,
        /** {@code WORK_EXCEPTION} with the text in UTF-8. */
        TEXT,
        /** {@code WORK_EXCEPTION} with {@code nfreeze(\"text")}, as Perl's {@code Gearman::Worker} sends a {@code die}. */
        STORABLE
    }

    public GearmanSettings {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no gearmand server given");
        }
    }

    /** The same settings for these servers. */
    public GearmanSettings withServers(List<ServerAddress> servers) {
        return new GearmanSettings(
                servers,
                connectTimeout,
                responseTimeout,
                exceptions,
                priorityHigh,
                priorityLow,
                uniqueStamp,
                charset,
                concatWorkData,
                keepOutcomes,
                inlineRetries,
                maxInlineBackoff,
                regrabInterval,
                connectionsPerThread,
                epoch,
                exceptionEncoding);
    }

    public static GearmanSettings from(ErrandConfig config) {
        List<String> listed = GearmanKeys.SERVERS.get(config);
        List<ServerAddress> servers = listed.isEmpty()
                ? List.of(new ServerAddress("127.0.0.1", ServerAddress.DEFAULT_PORT))
                : listed.stream()
                        .map(s -> ServerAddress.parse(s, GearmanKeys.SERVERS.key()))
                        .toList();
        return new GearmanSettings(
                servers,
                GearmanKeys.CONNECT_TIMEOUT.get(config),
                GearmanKeys.RESPONSE_TIMEOUT.get(config),
                GearmanKeys.EXCEPTIONS.get(config),
                GearmanKeys.PRIORITY_HIGH.get(config),
                GearmanKeys.PRIORITY_LOW.get(config),
                GearmanKeys.UNIQUE_STAMP.get(config),
                Charset.forName(GearmanKeys.CHARSET.get(config)),
                GearmanKeys.WORK_DATA.get(config).equals("concat"),
                GearmanKeys.KEEP_OUTCOMES.get(config),
                GearmanKeys.RETRIES.get(config).equals("inline"),
                GearmanKeys.MAX_INLINE_BACKOFF.get(config),
                GearmanKeys.REGRAB_INTERVAL.get(config),
                GearmanKeys.CONNECTIONS_PER_THREAD.get(config),
                GearmanKeys.EPOCH.get(config),
                ExceptionEncoding.valueOf(
                        GearmanKeys.EXCEPTION_ENCODING.get(config).toUpperCase(java.util.Locale.ROOT)));
    }
}
