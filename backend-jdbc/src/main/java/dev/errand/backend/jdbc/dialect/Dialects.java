package dev.errand.backend.jdbc.dialect;

import java.util.List;
import java.util.Locale;

/** Picks the {@link Dialect} for a database: by name ({@code errand.jdbc.dialect}) or from its metadata. */
public final class Dialects {
    /** The values {@code errand.jdbc.dialect} accepts. */
    public static final List<String> NAMES = List.of("auto", "postgresql", "mysql", "h2");

    private Dialects() {}

    /** The dialect called {@code name} (one of {@link #NAMES} except {@code auto}). */
    public static Dialect named(String name, TableNames tables) {
        return switch (name) {
            case "postgresql" -> new PostgresDialect(tables);
            case "mysql" -> new MySqlDialect(tables);
            case "h2" -> new H2Dialect(tables);
            default -> throw new IllegalArgumentException("no dialect named '" + name + "'; use one of " + NAMES);
        };
    }

    /**
     * The dialect for {@code DatabaseMetaData.getDatabaseProductName()} and version. Throws
     * {@link IllegalArgumentException} naming the product and the supported versions when the
     * database is not supported.
     */
    public static Dialect detect(String product, int major, int minor, String version, TableNames tables) {
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (p.contains("postgres")) {
            require(major >= 12, product, version, "PostgreSQL 12 or newer");
            return new PostgresDialect(tables);
        }
        if (p.contains("mariadb")
                || (version != null && version.toLowerCase(Locale.ROOT).contains("mariadb"))) {
            require(major > 10 || (major == 10 && minor >= 6), product, version, "MariaDB 10.6 or newer");
            return new MySqlDialect(tables);
        }
        if (p.contains("mysql")) {
            require(major >= 8, product, version, "MySQL 8.0.14 or newer");
            return new MySqlDialect(tables);
        }
        if (p.equals("h2")) {
            require(major >= 2 && (major > 2 || minor >= 2), product, version, "H2 2.2 or newer");
            return new H2Dialect(tables);
        }
        throw new IllegalArgumentException("the JDBC backend does not support " + product + " " + version
                + "; it runs on PostgreSQL 12 or newer (tested: 12, 14, 18), MariaDB 10.6 or newer (tested: 10.11), "
                + "MySQL 8.0.14 or newer (untested) and H2 2.2 or newer (tested: 2.3)");
    }

    private static void require(boolean ok, String product, String version, String supported) {
        if (!ok) {
            throw new IllegalArgumentException(product + " " + version
                    + " is too old for the JDBC backend, which needs " + supported + " (for FOR UPDATE SKIP LOCKED)");
        }
    }
}
