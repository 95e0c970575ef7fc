package dev.errand.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The proxy's four behaviours, against an echo server on 127.0.0.1. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultProxyTest {
    private ServerSocket echo;
    private Thread echoThread;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        echoThread = new Thread(
                () -> {
                    while (!echo.isClosed()) {
                        try {
                            Socket s = echo.accept();
                            Thread t = new Thread(
                                    () -> {
                                        try (s;
                                                InputStream in = s.getInputStream();
                                                OutputStream out = s.getOutputStream()) {
                                            byte[] buf = new byte[1024];
                                            int n;
                                            while ((n = in.read(buf)) > 0) {
                                                out.write(buf, 0, n);
                                            }
                                        } catch (IOException ignored) {
                                            // the peer went away
                                        }
                                    },
                                    "echo-conn");
                            t.setDaemon(true);
                            t.start();
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "echo");
        echoThread.setDaemon(true);
        echoThread.start();
        proxy = FaultProxy.to("echo", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void forwardsBothWays_andPassesTheEndOfStream() throws IOException {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "hello")).isEqualTo("hello");
            s.shutdownOutput();
            assertThat(s.getInputStream().read())
                    .as("the echo server's end of stream, passed on")
                    .isEqualTo(-1);
        }
        assertThat(proxy.accepted()).isEqualTo(1);
    }

    @Test
    void cutAll_resetsOpenConnections_andNewOnesWork() throws IOException {
        Socket s = connect();
        assertThat(roundTrip(s, "a")).isEqualTo("a");
        assertThat(proxy.cutAll()).isEqualTo(1);
        assertThatThrownBy(() -> {
                    s.getOutputStream().write('x');
                    s.getInputStream().read();
                })
                .as("a reset connection")
                .isInstanceOf(SocketException.class);
        s.close();
        try (Socket again = connect()) {
            assertThat(roundTrip(again, "b")).isEqualTo("b");
        }
    }

    @Test
    void blackhole_isSilent_thenHealDeliversWhatWaited() throws IOException {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "1")).isEqualTo("1");
            proxy.blackhole();
            s.getOutputStream().write("during".getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(300);
            assertThatThrownBy(() -> s.getInputStream().read())
                    .as("no answer and no error during the partition")
                    .isInstanceOf(SocketTimeoutException.class);
            try (Socket late = connect()) {
                late.getOutputStream().write('n');
                late.setSoTimeout(300);
                assertThatThrownBy(() -> late.getInputStream().read())
                        .as("a connection made during the partition")
                        .isInstanceOf(SocketTimeoutException.class);
                proxy.heal();
                late.setSoTimeout(5000);
                assertThat((char) late.getInputStream().read())
                        .as("reaches the server after heal")
                        .isEqualTo('n');
            }
            s.setSoTimeout(5000);
            assertThat(new String(s.getInputStream().readNBytes(6), StandardCharsets.US_ASCII))
                    .isEqualTo("during");
        }
    }

    @Test
    void healLosingConnections_leavesClientsDangling_untilTheySend() throws IOException {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "1")).isEqualTo("1");
            proxy.blackhole();
            assertThat(proxy.healLosingConnections()).isEqualTo(1);
            s.setSoTimeout(300);
            assertThatThrownBy(() -> s.getInputStream().read())
                    .as("a lost connection says nothing")
                    .isInstanceOf(SocketTimeoutException.class);
            s.setSoTimeout(5000);
            assertThatThrownBy(() -> {
                        s.getOutputStream().write('x');
                        s.getInputStream().read();
                    })
                    .as("writing to a lost connection is answered with a reset")
                    .isInstanceOf(SocketException.class);
            try (Socket again = connect()) {
                assertThat(roundTrip(again, "2")).isEqualTo("2");
            }
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(5000);
        return s;
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        s.getOutputStream().write(bytes);
        return new String(s.getInputStream().readNBytes(bytes.length), StandardCharsets.US_ASCII);
    }
}
