package dev.patientportal.spring.boot;

import com.sun.net.httpserver.HttpServer;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import dev.patientportal.testkit.InMemoryScheduling;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the tests' hosts have: their patient records and booking system, keys, and a local Twilio. */
final class TestHost {
    static final InstitutionId CLINIC = InstitutionId.of("clinic-boot");
    static final String ACCOUNT = "AC" + "0".repeat(32);
    static final String CODE_KEYS = "2026-12:" + "A".repeat(43) + "=,2026-11:" + "B".repeat(43) + "=";
    static final String PSEUDONYM_KEY = "pseudonym-1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    static final String AUDIT_KEYS = "audit-1:" + "C".repeat(43) + "=";

    private TestHost() {}

    /** The two beans a host gives. */
    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        InMemoryPatientDirectory patients() {
            return new InMemoryPatientDirectory();
        }

        @Bean
        InMemoryScheduling scheduling() {
            return new InMemoryScheduling();
        }
    }

    /** A fresh in-memory H2 database's URL. */
    static String h2Url() {
        return "jdbc:h2:mem:boot_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
    }

    /** Every property a complete host sets, besides its database, mail and SMS. */
    static String[] portalProperties() {
        return new String[] {
            "portal.institution.id=" + CLINIC,
            "portal.institution.name=Klinika",
            "portal.institution.portal-url=https://portal.example.org",
            "portal.institution.zone=Europe/Budapest",
            "portal.keys.codes=" + CODE_KEYS,
            "portal.keys.pseudonym=" + PSEUDONYM_KEY,
            "portal.mail.from=portal@clinic.example",
            "portal.dispatcher.poll-interval=50ms",
            "spring.jpa.hibernate.ddl-auto=validate"
        };
    }

    /** Twilio's Messages endpoint on a loopback port: answers every send as queued, and keeps the form. */
    static final class LocalTwilio implements AutoCloseable {
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
                                + "\",\"account_sid\":\"" + ACCOUNT + "\",\"status\":\"queued\",\"num_segments\":\"1\","
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
                "portal.twilio.account-sid=" + ACCOUNT,
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
}
