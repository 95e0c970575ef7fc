package dev.errand.storable;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Real Perl with Storable, driven line by line through {@code storable-peer.pl}. A missing {@code perl} fails the test
 * run; nothing is skipped.
 */
final class PerlPeer implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.of();

    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    PerlPeer() {
        Path script;
        try {
            script = Path.of(PerlPeer.class.getResource("/storable-peer.pl").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try {
            process = new ProcessBuilder("perl", script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot start perl: the errand-storable tests need real Perl with Storable and JSON::PP"
                            + " (Debian: apt-get install perl)",
                    e);
        }
        in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    }

    /** {@code nfreeze(EXPR)} with canonical key order; {@code expr} is Perl source, ASCII. */
    byte[] freeze(String perlExpr) {
        return HEX.parseHex(ok(ask("freeze " + perlExpr)));
    }

    /** {@code freeze(EXPR)}: native byte order. */
    byte[] freezeNative(String perlExpr) {
        return HEX.parseHex(ok(ask("freeze_native " + perlExpr)));
    }

    /** What Perl says when it freezes {@code expr}: hex or "ERR ...". */
    String tryFreeze(String perlExpr) {
        return ask("freeze " + perlExpr);
    }

    /** Perl's typed dump of {@code thaw(image)}, or "ERR ..." when thaw dies. */
    String thaw(byte[] image) {
        return ask("thaw " + HEX.formatHex(image));
    }

    /** {@code nfreeze(thaw(image))} with canonical key order. */
    byte[] refreeze(byte[] image) {
        return HEX.parseHex(ok(ask("refreeze " + HEX.formatHex(image))));
    }

    private static String ok(String answer) {
        assertThat(answer).as("answer of real Perl").doesNotStartWith("ERR");
        return answer;
    }

    private String ask(String request) {
        assertThat(request).doesNotContain("\n");
        try {
            in.write(request + "\n");
            in.flush();
            String answer = CompletableFuture.supplyAsync(this::readLine).get(60, TimeUnit.SECONDS);
            if (answer == null) {
                throw new IllegalStateException("perl storable-peer.pl ended without an answer to: " + request);
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException("perl storable-peer.pl is not running", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no answer from perl storable-peer.pl to: " + request, e);
        }
    }

    private String readLine() {
        try {
            return out.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
