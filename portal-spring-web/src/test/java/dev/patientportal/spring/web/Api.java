package dev.patientportal.spring.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The API as a client sees it over real HTTP: requests with {@link java.net.http.HttpClient}, every exchange kept,
 * and every response handed to the checks registered with {@link #onResponse} (the OpenAPI contract).
 */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final List<Consumer<Exchange>> checks = new CopyOnWriteArrayList<>();

    Api(URI base) {
        this.base = base;
    }

    /** Registers a check of every response this client receives. */
    void onResponse(Consumer<Exchange> check) {
        checks.add(check);
    }

    /** One request and its response. */
    record Exchange(String method, String path, int status, HttpHeaders headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(method + " " + path + " answered " + status + " with no JSON: " + text(), e);
            }
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        @Nullable
        String contentType() {
            return headers.firstValue("Content-Type").orElse(null);
        }

        List<String> cookies() {
            return headers.allValues("Set-Cookie");
        }

        @Override
        public String toString() {
            return method + " " + path + " -> " + status + " " + text();
        }
    }

    /** A request being built. */
    final class Call {
        private final String method;
        private final String path;
        private final List<String> headers = new ArrayList<>();
        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

        Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        Call header(String name, @Nullable String value) {
            if (value != null) {
                headers.add(name);
                headers.add(value);
            }
            return this;
        }

        Call json(Object value) {
            try {
                String text = value instanceof String s ? s : JSON.writeValueAsString(value);
                header("Content-Type", "application/json");
                body = HttpRequest.BodyPublishers.ofString(text);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Call body(String contentType, byte[] bytes) {
            header("Content-Type", contentType);
            body = HttpRequest.BodyPublishers.ofByteArray(bytes);
            return this;
        }

        /** A body sent without a Content-Length, in chunks, as a streaming client sends it. */
        Call chunked(String contentType, byte[] bytes) {
            header("Content-Type", contentType);
            body = HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes));
            return this;
        }

        Call session(@Nullable Session session) {
            if (session != null) {
                session.apply(this, !method.equals("GET") && !method.equals("HEAD"));
            }
            return this;
        }

        Exchange send() {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body);
            for (int i = 0; i < headers.size(); i += 2) {
                b.header(headers.get(i), headers.get(i + 1));
            }
            try {
                HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                Exchange e = new Exchange(method, URI.create(path).getPath(), r.statusCode(), r.headers(), r.body());
                exchanges.add(e);
                checks.forEach(c -> c.accept(e));
                return e;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    Call get(String path) {
        return new Call("GET", path);
    }

    Call post(String path) {
        return new Call("POST", path);
    }

    Call put(String path) {
        return new Call("PUT", path);
    }

    Call delete(String path) {
        return new Call("DELETE", path);
    }

    /** A patient's session: a cookie with its CSRF token, or a bearer token. */
    record Session(
            @Nullable String cookie,
            @Nullable String csrf,
            @Nullable String bearer) {
        static Session cookie(String cookie, String csrf) {
            return new Session(cookie, csrf, null);
        }

        static Session bearer(String token) {
            return new Session(null, null, token);
        }

        /** The same session without its CSRF token, as a forged cross-site request would send it. */
        Session withoutCsrf() {
            return new Session(cookie, null, bearer);
        }

        void apply(Call call, boolean stateChanging) {
            if (cookie != null) {
                call.header("Cookie", cookie);
                if (stateChanging) {
                    call.header("X-CSRF-Token", csrf);
                }
            }
            if (bearer != null) {
                call.header("Authorization", "Bearer " + bearer);
            }
        }
    }

    static Map<String, Object> map(Object... pairs) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
