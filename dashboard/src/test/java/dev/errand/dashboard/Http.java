package dev.errand.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A plain HTTP client for the dashboard tests that need no browser: status codes, headers, forms. */
final class Http {
    private static final Pattern CSRF = Pattern.compile("name=\"(?:csrf|errand-csrf)\" (?:value|content)=\"([^\"]+)\"");
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String authorization;

    private final String[] headers;

    Http(URI base, String user, String password) {
        this(
                base,
                user == null
                        ? null
                        : "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** @param headers more request headers: name, value, ... */
    private Http(URI base, String authorization, String... headers) {
        this.base = base;
        this.authorization = authorization;
        this.headers = headers;
    }

    /** A client that sends {@code Authorization: Bearer <token>}. */
    static Http bearer(URI base, String token) {
        return new Http(base, "Bearer " + token);
    }

    /** This client, also sending the header {@code name: value} with each request. */
    Http with(String name, String value) {
        String[] more = java.util.Arrays.copyOf(headers, headers.length + 2);
        more[headers.length] = name;
        more[headers.length + 1] = value;
        return new Http(base, authorization, more);
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    HttpResponse<String> post(String path, String form) {
        return send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** The form token on a page (every page has it), as the browser would send it back. */
    String csrfFrom(String confirmPath) {
        HttpResponse<String> page = get(confirmPath);
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError(
                    "no csrf field on " + confirmPath + " (status " + page.statusCode() + "):\n" + page.body());
        }
        return m.group(1);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
