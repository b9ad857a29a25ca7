package dev.patientportal.spring.web;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Twilio's Messages endpoint on a loopback port: answers every send as queued, and keeps the form. */
final class LocalTwilio implements AutoCloseable {
    final List<Map<String, String>> sent = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    LocalTwilio() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String form = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                sent.add(Arrays.stream(form.split("&"))
                        .map(p -> p.split("=", 2))
                        .collect(Collectors.toMap(
                                p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                                p -> URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8),
                                (a, b) -> b)));
            }
            byte[] body = ("{\"sid\":\"SM" + UUID.randomUUID().toString().replace("-", "")
                            + "\",\"account_sid\":\"" + WebTestHost.ACCOUNT
                            + "\",\"status\":\"queued\",\"num_segments\":\"1\","
                            + "\"direction\":\"outbound-api\",\"api_version\":\"2010-04-01\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    String[] properties() {
        return new String[] {
            "portal.twilio.account-sid=" + WebTestHost.ACCOUNT,
            "portal.twilio.auth-token=test-token",
            "portal.twilio.from=+3612345678",
            "portal.twilio.base-uri=" + uri()
        };
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
