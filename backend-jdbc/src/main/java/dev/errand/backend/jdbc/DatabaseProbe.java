package dev.errand.backend.jdbc;

import dev.errand.backend.jdbc.dialect.Dialect;
import dev.errand.backend.jdbc.dialect.Dialects;
import dev.errand.config.Secrets;
import dev.errand.spi.Capability;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the backend learns about its database at start: the dialect (logged at INFO) and the capabilities. */
final class DatabaseProbe {
    private static final Logger log = LoggerFactory.getLogger(DatabaseProbe.class);

    private DatabaseProbe() {}

    /** The configured dialect, or the one {@code DatabaseMetaData} names; fails naming the URL when unsupported. */
    static Dialect dialect(DataSource ds, JdbcSettings settings) {
        String product;
        String version;
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            product = meta.getDatabaseProductName();
            version = meta.getDatabaseProductVersion();
            Dialect dialect;
            if (settings.dialect().equals("auto")) {
                try {
                    dialect = Dialects.detect(
                            product,
                            meta.getDatabaseMajorVersion(),
                            meta.getDatabaseMinorVersion(),
                            version,
                            settings.tables());
                } catch (IllegalArgumentException e) {
                    throw new JdbcBackendException(
                            e.getMessage() + " (" + JdbcSettings.URL + "=" + settings.safeUrl() + "; set "
                                    + JdbcSettings.DIALECT + " to force a dialect)",
                            null);
                }
            } else {
                dialect = Dialects.named(settings.dialect(), settings.tables());
            }
            c.rollback();
            String writeDelay = H2Urls.writeDelayWarning(settings.url(), settings.source());
            if (writeDelay != null) {
                log.warn(writeDelay);
            }
            log.info(
                    "JDBC backend on {} {} at {} with the {} dialect ({}), table prefix {}",
                    product,
                    version,
                    settings.safeUrl(),
                    dialect.name(),
                    settings.dialect().equals("auto") ? "detected" : JdbcSettings.DIALECT,
                    settings.tables().prefix());
            return dialect;
        } catch (SQLException e) {
            throw new JdbcBackendException(
                    "cannot read the database metadata at " + JdbcSettings.URL + "=" + settings.safeUrl() + ": "
                            + settings.printable(e.getMessage()),
                    Secrets.scrub(e, settings.secrets()));
        }
    }

    /** The URL the data source's connections report, for a data source the backend did not open. */
    static String url(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            String url = c.getMetaData().getURL();
            return url == null ? "" : url;
        } catch (SQLException e) {
            throw new JdbcBackendException(
                    "could not read the URL of the application's data source: "
                            + Secrets.redactUrl(String.valueOf(e.getMessage())),
                    e);
        }
    }

    static Set<Capability> capabilities(String url) {
        Set<Capability> caps = EnumSet.copyOf(
                Capability.withJobModel(Capability.DURABLE, Capability.SHARED, Capability.TRANSACTIONAL_ENQUEUE));
        if (url.startsWith("jdbc:h2:mem:")) {
            caps.remove(Capability.DURABLE);
        }
        boolean h2Embedded = H2Urls.opensInThisProcess(url)
                && !url.toUpperCase(java.util.Locale.ROOT).contains("AUTO_SERVER=TRUE");
        if (h2Embedded) {
            caps.remove(Capability.SHARED);
        }
        return Set.copyOf(caps);
    }
}
