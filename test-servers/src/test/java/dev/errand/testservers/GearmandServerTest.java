package dev.errand.testservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class GearmandServerTest {
    @Test
    void startsOnAFreeLoopbackPort_writesItsPidFile_andStopsForGood() throws Exception {
        GearmandServer server = GearmandServer.launch();
        try {
            assertThat(ServerProcess.answers(server.port(), "version", "OK 1.1"))
                    .isTrue();
            assertThat(Files.readString(server.dir().resolve("gearmand.pid")).trim())
                    .matches("\\d+");

            server.stop();

            assertThat(ServerProcess.answers(server.port(), "version", "OK")).isFalse();
        } finally {
            server.close();
        }
        assertThat(server.dir()).doesNotExist();
    }

    @Test
    void aMissingBinary_failsNamingTheDebianPackage() {
        System.setProperty("errand.test.gearmand", "/nonexistent/gearmand");
        try {
            assertThatThrownBy(GearmandServer::launch)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("/nonexistent/gearmand does not exist or is not executable")
                    .hasMessageContaining("install the Debian package gearman-job-server");
        } finally {
            System.clearProperty("errand.test.gearmand");
        }
    }
}
