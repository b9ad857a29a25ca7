package dev.patientportal.testkit;

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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Twilio's Messages endpoint on a loopback port, for tests that drive the real Twilio SDK: it answers every send as
 * queued, as Twilio does, and keeps each request's form ({@code To}, {@code From}, {@code Body}, ...). Point the SMS
 * channel's base URI at {@link #uri()} and use {@link #ACCOUNT_SID}.
 *
 * <pre>{@code
 * try (LocalTwilio twilio = new LocalTwilio()) {
 *     // portal.twilio.base-uri=twilio.uri(), portal.twilio.account-sid=LocalTwilio.ACCOUNT_SID
 *     String code = twilio.latestCode("+36301234567", 0).orElseThrow();
 * }
 * }</pre>
 */
public final class LocalTwilio implements AutoCloseable {
    /** An account SID of the shape Twilio's SDK checks. */
    public static final String ACCOUNT_SID = "AC" + "0".repeat(32);

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private final List<Map<String, String>> sent = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    /** Starts the endpoint on a free loopback port. */
    public LocalTwilio() {
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
                            + "\",\"account_sid\":\"" + ACCOUNT_SID + "\",\"status\":\"queued\",\"num_segments\":\"1\","
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

    /**
     * Where the endpoint listens.
     *
     * @return {@code http://127.0.0.1:<port>}
     */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * The forms of the messages sent so far, in order; a live view.
     *
     * @return the forms
     */
    public List<Map<String, String>> sent() {
        return sent;
    }

    /**
     * The six-digit code of the latest message to a number, among those after the first {@code after}.
     *
     * @param to the number in E.164 form
     * @param after how many messages to skip, for example {@code sent().size()} before the login started
     * @return the code, or empty when none has arrived
     */
    public Optional<String> latestCode(String to, int after) {
        String code = null;
        for (int i = after; i < sent.size(); i++) {
            Map<String, String> form = sent.get(i);
            if (to.equals(form.get("To"))) {
                Matcher m = CODE.matcher(form.getOrDefault("Body", ""));
                if (m.find()) {
                    code = m.group(1);
                }
            }
        }
        return Optional.ofNullable(code);
    }

    /** Stops the endpoint. */
    @Override
    public void close() {
        server.stop(0);
    }
}
