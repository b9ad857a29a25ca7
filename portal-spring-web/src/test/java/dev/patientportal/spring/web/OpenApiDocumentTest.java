package dev.patientportal.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The committed OpenAPI document against the module: the same endpoints as the controllers map, served byte for byte
 * over HTTP with the host's base path, real answers that match it, and a validator that does fail on drift.
 */
class OpenApiDocumentTest {
    private static final String INTERNAL = "dev.patientportal.spring.web.internal";
    private static final Path COMMITTED = Path.of("..", "docs", "openapi.yaml");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static @Nullable WebHost host;

    @BeforeAll
    static void start() {
        host = new WebHost();
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
    }

    private static ConfigurableApplicationContext app() {
        WebHost h = host;
        assertThat(h).isNotNull();
        return h.context;
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
            if (!type.getPackageName().equals(INTERNAL)) {
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
        try (WebHost other = new WebHost("portal.web.base-path=/api/v2")) {
            ConfigurableApplicationContext v2 = other.context;
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
