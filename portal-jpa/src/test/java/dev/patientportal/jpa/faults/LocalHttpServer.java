package dev.patientportal.jpa.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A loopback HTTP server that stands in for a provider's API and answers each request with a handler; a copy, cut down,
 * of portal-notify's test helper of the same name (test sources are not shared between modules).
 */
final class LocalHttpServer implements AutoCloseable {
    /** A request as the server received it. */
    record Received(String method, String path, String body) {}

    /**
     * An answer, sent after {@code delayMillis} (longer than the client waits, for a timeout).
     *
     * @param status the HTTP status
     * @param body the JSON body
     * @param headers extra response headers
     * @param delayMillis how long to wait before answering
     */
    record Reply(int status, String body, Map<String, String> headers, long delayMillis) {
        static Reply json(int status, String body) {
            return new Reply(status, body, Map.of("Content-Type", "application/json"), 0);
        }

        Reply withHeader(String name, String value) {
            Map<String, String> h = new HashMap<>(headers);
            h.put(name, value);
            return new Reply(status, body, h, delayMillis);
        }

        Reply delayed(long millis) {
            return new Reply(status, body, headers, millis);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Function<Received, Reply> handler = r -> Reply.json(404, "{}");

    LocalHttpServer(int threads) {
        executor = Executors.newFixedThreadPool(threads);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void answer(Function<Received, Reply> handler) {
        this.handler = handler;
    }

    /** How many requests arrived. */
    int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        requests.incrementAndGet();
        Reply reply = handler.apply(new Received(
                exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body));
        if (reply.delayMillis() > 0) {
            try {
                Thread.sleep(reply.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        try {
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // the client gave up (a timeout): nothing to answer
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
