package dev.patientportal.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.ServiceTypeId;
import dev.patientportal.core.Slot;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.StaffPermission;
import dev.patientportal.spring.web.internal.FallbackController;
import dev.patientportal.spring.web.spi.StaffResolver;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import dev.patientportal.testkit.InMemoryScheduling;
import dev.patientportal.testkit.TestPatients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The committed OpenAPI document against the module: the same endpoints as the controllers map, served byte for byte
 * over HTTP with the host's base path, real answers that match it, and a validator that does fail on drift.
 */
class OpenApiDocumentTest {
    @RegisterExtension
    static final GreenMailExtension SMTP =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    private static final String INTERNAL = "dev.patientportal.spring.web.internal";
    private static final Path COMMITTED = Path.of("..", "docs", "openapi.yaml");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PDF = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            + "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private static @Nullable LocalTwilio twilio;
    private static @Nullable ConfigurableApplicationContext app;

    /** The host: its two beans, and staff from a test header. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(WebTestHost.Beans.class)
    static class App {
        @Bean
        StaffResolver staffResolver() {
            return request -> Optional.ofNullable(request.getHeader("X-Test-Staff"))
                    .map(id -> Staff.of(WebTestHost.CLINIC, StaffId.of(id), StaffPermission.values()));
        }
    }

    @BeforeAll
    static void start() {
        twilio = new LocalTwilio();
        app = start(twilio);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (twilio != null) {
            twilio.close();
        }
    }

    private static ConfigurableApplicationContext start(LocalTwilio sms, String... more) {
        List<String> properties = new ArrayList<>(Arrays.asList(WebTestHost.portalProperties()));
        properties.addAll(Arrays.asList(sms.properties()));
        properties.add("spring.datasource.url=" + WebTestHost.h2Url());
        properties.add("spring.mail.host=127.0.0.1");
        properties.add("spring.mail.port=" + SMTP.getSmtp().getPort());
        properties.add("server.port=0");
        properties.addAll(Arrays.asList(more));
        return new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.SERVLET)
                .properties(properties.toArray(String[]::new))
                .run();
    }

    private static ConfigurableApplicationContext app() {
        ConfigurableApplicationContext context = app;
        assertThat(context).isNotNull();
        return context;
    }

    private static URI uri(ConfigurableApplicationContext context, String path) {
        return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Sends a request and checks its answer against the document. */
    private static HttpResponse<String> exchange(
            OpenApiContract contract,
            String method,
            String path,
            @Nullable String contentType,
            String body,
            String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(app(), path))
                .method(
                        method,
                        body.isEmpty()
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<String> response = send(request);
        contract.validate(
                method,
                path,
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null),
                response.body());
        return response;
    }

    @Test
    @DisplayName("the document describes exactly the operations the module's controllers map")
    void documentAndControllersHaveTheSameOperations() {
        RequestMappingHandlerMapping mapping =
                app().getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        Set<String> mapped = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e :
                mapping.getHandlerMethods().entrySet()) {
            Class<?> type = e.getValue().getBeanType();
            if (!type.getPackageName().equals(INTERNAL) || type == FallbackController.class) {
                continue;
            }
            for (String pattern : e.getKey().getPatternValues()) {
                assertThat(pattern).startsWith(OpenApiContract.BASE_PATH + "/");
                for (RequestMethod method : e.getKey().getMethodsCondition().getMethods()) {
                    mapped.add(method.name() + " " + pattern.substring(OpenApiContract.BASE_PATH.length()));
                }
            }
        }
        assertThat(mapped).hasSize(30);
        assertThat(new TreeSet<>(OpenApiContract.load().operations())).isEqualTo(mapped);
    }

    @Test
    @DisplayName("GET <base>/openapi.yaml answers the committed docs/openapi.yaml byte for byte")
    void servesTheCommittedDocument() throws Exception {
        HttpResponse<byte[]> response = HTTP.send(
                HttpRequest.newBuilder(uri(app(), "/portal/api/openapi.yaml")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/yaml");
        assertThat(response.body()).isEqualTo(Files.readAllBytes(COMMITTED));
        OpenApiContract.load()
                .validate(
                        "GET",
                        "/portal/api/openapi.yaml",
                        200,
                        response.headers().firstValue("Content-Type").orElse(null),
                        "");
    }

    @Test
    @DisplayName("with portal.web.base-path=/api/v2 the served document names /api/v2 as its server")
    void servesTheHostsBasePath() throws Exception {
        try (LocalTwilio sms = new LocalTwilio();
                ConfigurableApplicationContext v2 = start(sms, "portal.web.base-path=/api/v2")) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri(v2, "/api/v2/openapi.yaml")));
            assertThat(response.statusCode()).isEqualTo(200);
            String committed = Files.readString(COMMITTED, StandardCharsets.UTF_8);
            assertThat(response.body())
                    .contains("servers:\n  - url: /api/v2\n")
                    .doesNotContain("/portal/api")
                    .isEqualTo(committed.replace("url: /portal/api", "url: /api/v2"));
            assertThat(send(HttpRequest.newBuilder(uri(v2, "/api/v2/me"))).statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    @DisplayName("real answers match the document: problems, a staff grant, the download's 404, a logout")
    void realAnswersMatchTheDocument() throws Exception {
        OpenApiContract contract = OpenApiContract.load();
        assertThat(exchange(contract, "GET", "/portal/api/me", null, "").statusCode())
                .isEqualTo(401);
        assertThat(exchange(
                                contract,
                                "GET",
                                "/portal/api/documents/d-1/content",
                                null,
                                "",
                                "Authorization",
                                "Bearer nope")
                        .statusCode())
                .isEqualTo(401);
        assertThat(exchange(contract, "POST", "/portal/api/login/taj-phone", "application/json", "{}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(exchange(contract, "POST", "/portal/api/logout", null, "").statusCode())
                .isEqualTo(204);
        assertThat(exchange(contract, "GET", "/portal/api/staff/patients/p-none/grant", null, "")
                        .statusCode())
                .isEqualTo(401);
        assertThat(exchange(
                                contract,
                                "GET",
                                "/portal/api/staff/patients/p-none/grant",
                                null,
                                "",
                                "X-Test-Staff",
                                "desk")
                        .statusCode())
                .isEqualTo(404);

        InMemoryPatientDirectory patients = app().getBean(InMemoryPatientDirectory.class);
        patients.put(TestPatients.next(WebTestHost.CLINIC, PatientId.of("p-web-1")));
        HttpResponse<String> granted = exchange(
                contract,
                "POST",
                "/portal/api/staff/patients/p-web-1/grant",
                "application/json",
                "{\"method\":\"taj_and_phone\",\"smsNotifications\":true}",
                "X-Test-Staff",
                "desk");
        assertThat(granted.statusCode()).isEqualTo(201);
        assertThat(granted.body()).contains("\"method\":\"TAJ_AND_PHONE\"");
        assertThat(exchange(
                                contract,
                                "GET",
                                "/portal/api/staff/patients/p-web-1/grant",
                                null,
                                "",
                                "X-Test-Staff",
                                "desk")
                        .statusCode())
                .isEqualTo(200);
        assertThat(exchange(
                                contract,
                                "PUT",
                                "/portal/api/staff/patients/p-web-1/grant/sms",
                                "application/json",
                                "{\"enabled\":false,\"version\":99}",
                                "X-Test-Staff",
                                "desk")
                        .statusCode())
                .isEqualTo(409);
        assertThat(exchange(
                                contract,
                                "GET",
                                "/portal/api/staff/patients/p-web-1/documents",
                                null,
                                "",
                                "X-Test-Staff",
                                "desk")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("a patient's whole visit matches the document: login by SMS code, profile, slots, booking, logout")
    void aPatientsVisitMatchesTheDocument() throws Exception {
        OpenApiContract contract = OpenApiContract.load();
        PatientProfile patient = app().getBean(InMemoryPatientDirectory.class)
                .put(TestPatients.next(WebTestHost.CLINIC, PatientId.of("p-web-2")));
        Instant start = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS);
        app().getBean(InMemoryScheduling.class)
                .addSlot(
                        WebTestHost.CLINIC,
                        new Slot(
                                SlotId.of("s-web-1"),
                                ServiceTypeId.of("CONSULTATION"),
                                start,
                                start.plusSeconds(1800)));
        assertThat(exchange(
                                contract,
                                "POST",
                                "/portal/api/staff/patients/p-web-2/grant",
                                "application/json",
                                "{\"method\":\"TAJ_AND_PHONE\",\"smsNotifications\":false}",
                                "X-Test-Staff",
                                "desk")
                        .statusCode())
                .isEqualTo(201);
        LocalTwilio sms = twilio;
        assertThat(sms).isNotNull();
        String phone = patient.phone().e164();
        int before = sms.sent.size();
        HttpResponse<String> challenge = exchange(
                contract,
                "POST",
                "/portal/api/login/taj-phone",
                "application/json",
                "{\"taj\":\"" + patient.taj().digits() + "\",\"phone\":\"" + phone + "\"}");
        assertThat(challenge.statusCode()).isEqualTo(200);
        String challengeId = member(challenge.body(), "challengeId");
        String code = smsCode(sms, phone, before);
        String verify = "/portal/api/login/challenges/" + challengeId + "/verify";
        assertThat(exchange(
                                contract,
                                "POST",
                                verify,
                                "application/json",
                                "{\"factor\":\"SMS\",\"code\":\"" + (code.equals("000000") ? "111111" : "000000")
                                        + "\"}")
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> verified = exchange(
                contract, "POST", verify, "application/json", "{\"factor\":\"sms\",\"code\":\"" + code + "\"}");
        assertThat(verified.statusCode()).isEqualTo(200);
        String cookie = verified.headers().firstValue("Set-Cookie").orElseThrow();
        cookie = cookie.substring(0, cookie.indexOf(';'));
        String csrf = member(verified.body(), "csrfToken");

        assertThat(exchange(contract, "GET", "/portal/api/me", null, "", "Cookie", cookie)
                        .body())
                .contains("\"patientId\":\"p-web-2\"");
        assertThat(exchange(contract, "GET", "/portal/api/session", null, "", "Cookie", cookie)
                        .body())
                .contains(csrf);
        assertThat(exchange(contract, "GET", "/portal/api/slots", null, "", "Cookie", cookie)
                        .body())
                .contains("s-web-1");
        assertThat(exchange(contract, "GET", "/portal/api/slots?from=yesterday", null, "", "Cookie", cookie)
                        .statusCode())
                .isEqualTo(400);
        assertThat(exchange(contract, "GET", "/portal/api/documents?limit=5", null, "", "Cookie", cookie)
                        .statusCode())
                .isEqualTo(200);
        assertThat(exchange(contract, "GET", "/portal/api/documents/d-none", null, "", "Cookie", cookie)
                        .statusCode())
                .isEqualTo(404);
        String slot = "{\"slotId\":\"s-web-1\"}";
        assertThat(exchange(
                                contract,
                                "POST",
                                "/portal/api/reservations",
                                "application/json",
                                slot,
                                "Cookie",
                                cookie,
                                "Idempotency-Key",
                                "k-1")
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> booked = exchange(
                contract,
                "POST",
                "/portal/api/reservations",
                "application/json",
                slot,
                "Cookie",
                cookie,
                "X-CSRF-Token",
                csrf,
                "Idempotency-Key",
                "k-1");
        assertThat(booked.statusCode()).isEqualTo(201);
        String reservation = member(booked.body(), "id");
        assertThat(booked.headers().firstValue("Location")).hasValue("/portal/api/reservations/" + reservation);
        assertThat(exchange(contract, "GET", "/portal/api/reservations", null, "", "Cookie", cookie)
                        .body())
                .contains(reservation);
        assertThat(exchange(contract, "GET", "/portal/api/history", null, "", "Cookie", cookie)
                        .statusCode())
                .isEqualTo(200);
        assertThat(exchange(
                                contract,
                                "DELETE",
                                "/portal/api/reservations/" + reservation,
                                null,
                                "",
                                "Cookie",
                                cookie,
                                "X-CSRF-Token",
                                csrf)
                        .body())
                .contains("\"status\":\"CANCELLED\"");

        // a document the clinic publishes (multipart), the patient reads and downloads, staff withdraw
        String boundary = "portal-test-boundary";
        HttpResponse<String> published = exchange(
                contract,
                "POST",
                "/portal/api/staff/patients/p-web-2/documents",
                "multipart/form-data; boundary=" + boundary,
                multipart(boundary, PDF),
                "X-Test-Staff",
                "desk");
        assertThat(published.statusCode()).isEqualTo(201);
        String document = member(published.body(), "id");
        assertThat(exchange(contract, "GET", "/portal/api/documents", null, "", "Cookie", cookie)
                        .body())
                .contains(document);
        assertThat(exchange(contract, "GET", "/portal/api/documents/" + document, null, "", "Cookie", cookie)
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> content =
                exchange(contract, "GET", "/portal/api/documents/" + document + "/content", null, "", "Cookie", cookie);
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(content.body()).isEqualTo(PDF);
        assertThat(exchange(
                                contract,
                                "GET",
                                "/portal/api/staff/documents/" + document,
                                null,
                                "",
                                "X-Test-Staff",
                                "desk")
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> withdrawn = exchange(
                contract,
                "POST",
                "/portal/api/staff/documents/" + document + "/withdraw",
                "application/json",
                "{\"version\":" + versionOf(published.body()) + "}",
                "X-Test-Staff",
                "desk");
        assertThat(withdrawn.body()).contains("\"state\":\"WITHDRAWN\"");
        assertThat(exchange(contract, "GET", "/portal/api/documents/" + document, null, "", "Cookie", cookie)
                        .statusCode())
                .isEqualTo(404);

        assertThat(exchange(contract, "POST", "/portal/api/logout", null, "", "Cookie", cookie, "X-CSRF-Token", csrf)
                        .statusCode())
                .isEqualTo(204);
        assertThat(exchange(contract, "GET", "/portal/api/me", null, "", "Cookie", cookie)
                        .statusCode())
                .isEqualTo(401);
    }

    private static String multipart(String boundary, String pdf) {
        return "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"type\"\r\n\r\nLAB_RESULT\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"patientAccess\"\r\n\r\ntrue\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"lelet.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n" + pdf + "\r\n"
                + "--" + boundary + "--\r\n";
    }

    private static long versionOf(String json) {
        Matcher m = Pattern.compile("\"version\":(\\d+)").matcher(json);
        assertThat(m.find()).as("version in " + json).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String member(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }

    private static String smsCode(LocalTwilio sms, String phone, int after) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<Map<String, String>> sent = sms.sent;
            for (int i = after; i < sent.size(); i++) {
                Map<String, String> form = sent.get(i);
                Matcher m = CODE.matcher(form.getOrDefault("Body", ""));
                if (phone.equals(form.get("To")) && m.find()) {
                    return m.group(1);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no SMS code reached the local Twilio");
    }

    @Test
    @DisplayName(
            "a known path with another media type or method answers 415, 406 or 405; an unknown path a 404 problem")
    void wrongMediaTypeOrMethodIsNotAnUnknownPath() throws Exception {
        OpenApiContract contract = OpenApiContract.load();
        assertThat(exchange(contract, "POST", "/portal/api/login/taj-phone", "text/plain", "taj")
                        .statusCode())
                .isEqualTo(415);
        HttpResponse<String> notAcceptable =
                send(HttpRequest.newBuilder(uri(app(), "/portal/api/me")).header("Accept", "text/html"));
        assertThat(notAcceptable.statusCode()).isEqualTo(406);
        HttpResponse<String> wrongMethod = send(HttpRequest.newBuilder(uri(app(), "/portal/api/me"))
                .method("PUT", HttpRequest.BodyPublishers.noBody()));
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow"))
                .hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
        assertThat(wrongMethod.body()).contains("urn:patient-portal:problem:method-not-allowed");
        for (String unknown : List.of("/portal/api/nothing", "/portal/api/documents/d-1/nothing", "/portal/api")) {
            HttpResponse<String> none = send(HttpRequest.newBuilder(uri(app(), unknown)));
            assertThat(none.statusCode()).as(unknown).isEqualTo(404);
            assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(none.body())
                    .isEqualTo("{\"type\":\"urn:patient-portal:problem:not-found\",\"title\":\"Not found\","
                            + "\"status\":404,\"detail\":\"There is nothing here for this session.\"}");
        }
        // outside the base path the host's own handling answers
        assertThat(send(HttpRequest.newBuilder(uri(app(), "/elsewhere")))
                        .headers()
                        .firstValue("Content-Type"))
                .isNotEqualTo(Optional.of("application/problem+json"));
    }

    @Test
    @DisplayName("the validator fails on drift: a missing member, an extra one, a wrong type, an undocumented answer")
    void validatorFailsOnDrift() {
        OpenApiContract contract = OpenApiContract.load();
        String path = "/portal/api/documents/d-1";
        String document = "{\"id\":\"d-1\",\"type\":\"LAB_RESULT\",\"fileName\":\"lelet.pdf\","
                + "\"mediaType\":\"application/pdf\",\"sizeBytes\":123,\"sha256\":\"" + "a".repeat(64)
                + "\",\"createdAt\":\"2026-12-01T09:00:00.123456Z\"}";
        assertThatCode(() -> contract.validate("GET", path, 200, "application/json", document))
                .doesNotThrowAnyException();

        assertThatThrownBy(() -> contract.validate(
                        "GET",
                        path,
                        200,
                        "application/json",
                        document.replace(",\"sha256\":\"" + "a".repeat(64) + "\"", "")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET " + path + " 200")
                .hasMessageContaining("sha256");
        assertThatThrownBy(() -> contract.validate(
                        "GET", path, 200, "application/json", document.replace("{", "{\"patientId\":\"p-1\",")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("patientId");
        assertThatThrownBy(() -> contract.validate(
                        "GET",
                        path,
                        200,
                        "application/json",
                        document.replace("\"sizeBytes\":123", "\"sizeBytes\":\"123\"")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("sizeBytes");
        assertThatThrownBy(() -> contract.validate(
                        "GET", path, 200, "application/json", document.replace("2026-12-01T09", "yesterday")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("createdAt");
        assertThatThrownBy(() -> contract.validate("GET", path, 200, "text/html", document))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("text/html");
        assertThatThrownBy(() -> contract.validate("GET", path, 418, "application/problem+json", "{}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("418");
        assertThatThrownBy(() -> contract.validate("PATCH", path, 200, "application/json", document))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no such operation");
        assertThatThrownBy(() -> contract.validate("GET", "/portal/api/nothing", 200, "application/json", "{}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no such operation");

        String problem = "{\"type\":\"urn:patient-portal:problem:wrong-code\",\"title\":\"Wrong code\","
                + "\"status\":401,\"detail\":\"The code is not right.\",\"attemptsLeft\":2,\"reason\":\"WRONG_CODE\"}";
        String verify = "/portal/api/login/challenges/c-1/verify";
        assertThatCode(() -> contract.validate("POST", verify, 401, "application/problem+json", problem))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> contract.validate(
                        "POST", verify, 401, "application/problem+json", problem.replace("attemptsLeft", "tries")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("tries");
        assertThatThrownBy(() -> contract.validate("POST", "/portal/api/logout", 204, null, "{}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no body");
        assertThatCode(() -> contract.validate(
                        "GET", "/portal/api/documents/d-1/content", 200, "application/pdf", "%PDF-1.4"))
                .doesNotThrowAnyException();
    }
}
