package dev.errand.testservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The PostgreSQL 12 and 18 binaries are inside this module's jar and found by major; another major fails by name. */
class PostgresBinariesTest {
    /** Every .txz starts with the xz magic bytes. */
    private static final byte[] XZ_MAGIC = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0};

    @Test
    void oldestAndNewest_areXzArchivesForLinuxX8664() throws Exception {
        for (int major : new int[] {PostgresServer.OLDEST, PostgresServer.NEWEST}) {
            try (InputStream archive = PostgresBinaries.of(major).getPgBinary("Linux", "x86_64")) {
                assertThat(archive.readNBytes(XZ_MAGIC.length))
                        .as("the first bytes of PostgreSQL %d's archive", major)
                        .isEqualTo(XZ_MAGIC);
            }
        }
    }

    @Test
    void aMajorWithoutBinaries_failsNamingTheVersionsThereAre() {
        assertThatThrownBy(() -> PostgresBinaries.of(16))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("errand-test-servers has no PostgreSQL 16 binaries, only [12.22.0, 18.1.0]"
                        + " (postgres-oldest.version and postgres-newest.version in the parent pom)");
    }

    @Test
    void anotherMachine_failsNamingTheArchive() {
        assertThatThrownBy(() -> PostgresBinaries.of(PostgresServer.OLDEST).getPgBinary("Darwin", "arm_64"))
                .hasMessageEndingWith(
                        "has no postgres-darwin-arm_64.txz (the build copies the linux-amd64 binaries only)");
    }
}
