package dev.patientportal.spring.web;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.patientportal.spring.web.internal.OpenApiController;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The committed OpenAPI document (the copy packaged in the jar) as a contract for the tests: {@link #validate} fails
 * when an answer's status, content type or JSON body is not what the document says, {@link #operations} lists what it
 * describes. JSON bodies are validated with networknt's OpenAPI 3.1 dialect, {@code $ref}s resolved in the document.
 *
 * <pre>{@code
 * OpenApiContract contract = OpenApiContract.load();
 * contract.validate("GET", "/portal/api/me", 200, response.headers().firstValue("Content-Type").orElse(null), body);
 * }</pre>
 */
final class OpenApiContract {
    /** The document's own base path, its server url; request paths are matched after it. */
    static final String BASE_PATH = "/portal/api";

    private static final String IRI = "classpath:" + OpenApiController.RESOURCE.substring(1);
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{[^/}]+}");
    private static final String COMPONENT_REF = "#/components/schemas/";

    private final JsonNode document;
    private final Map<String, Pattern> templates = new LinkedHashMap<>();
    private final SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getOpenApi31());
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final AtomicInteger inline = new AtomicInteger();

    private OpenApiContract(JsonNode document) {
        this.document = document;
        for (String template : document.path("paths").propertyNames()) {
            templates.put(template, regex(template));
        }
    }

    /**
     * Reads the document from the class path, where the build packages {@code docs/openapi.yaml}.
     *
     * @return the contract
     */
    static OpenApiContract load() {
        JsonNode document = new YAMLMapper().readTree(OpenApiController.load());
        if (!document.path("openapi").asString().startsWith("3.1")) {
            throw new AssertionError(OpenApiController.RESOURCE + " is not an OpenAPI 3.1 document");
        }
        return new OpenApiContract(document);
    }

    /**
     * Every operation of the document, as {@code "GET /documents/{documentId}"} (the path relative to the server).
     *
     * @return the operations
     */
    Set<String> operations() {
        Set<String> operations = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (String method : METHODS) {
                if (path.getValue().has(method)) {
                    operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return operations;
    }

    /**
     * Checks one answer against the document: its operation, its status (or {@code default}), its content type, and,
     * for JSON, its body against the response's schema.
     *
     * @param method the request's method
     * @param path the request's path, with the base path, for example {@code /portal/api/documents/d-1}; a query is
     *     ignored
     * @param status the answer's status
     * @param contentType the answer's {@code Content-Type}, or {@code null} when it has none
     * @param body the answer's body, empty when it has none
     * @throws AssertionError naming method, path and status when the answer is not what the document says
     */
    void validate(String method, String path, int status, @Nullable String contentType, String body) {
        String where = method + " " + path + " " + status;
        if ((status == 404 || status == 405) && !hasOperation(method, path)) {
            // a path or method the API does not have: the document's 404 or 405 problem, not an operation's answer
            validateProblem(where, contentType, body);
            return;
        }
        JsonNode operation = operation(method, path, where);
        JsonNode responses = operation.path("responses");
        JsonNode response = responses.get(Integer.toString(status));
        if (response == null) {
            response = responses.get(status / 100 + "XX");
        }
        if (response == null) {
            response = responses.get("default");
        }
        if (response == null) {
            throw new AssertionError(
                    where + ": the document lists no such status (it has " + responses.propertyNames() + ")");
        }
        response = resolve(response);
        JsonNode content = response.get("content");
        if (content == null || content.isEmpty()) {
            if (!body.isEmpty()) {
                throw new AssertionError(
                        where + ": the document describes no body, the answer has " + body.length() + " characters");
            }
            return;
        }
        if (contentType == null) {
            throw new AssertionError(where + ": no Content-Type; the document lists " + content.propertyNames());
        }
        String actual = essence(contentType);
        String listed = null;
        for (String candidate : content.propertyNames()) {
            if (matches(essence(candidate), actual)) {
                listed = candidate;
                break;
            }
        }
        if (listed == null) {
            throw new AssertionError(
                    where + ": Content-Type " + contentType + " is not one of " + content.propertyNames());
        }
        if (!isJson(actual)) {
            return;
        }
        JsonNode schemaNode = content.path(listed).get("schema");
        if (schemaNode == null) {
            return;
        }
        List<Error> errors = schema(schemaNode)
                .validate(
                        body,
                        InputFormat.JSON,
                        context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
        if (!errors.isEmpty()) {
            throw new AssertionError(where + ": the body does not match the document: "
                    + errors.stream().map(Error::toString).collect(Collectors.joining("; ")) + "\nbody: " + body);
        }
    }

    private boolean hasOperation(String method, String path) {
        try {
            operation(method, path, "");
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    private void validateProblem(String where, @Nullable String contentType, String body) {
        if (contentType == null || !essence(contentType).equals("application/problem+json")) {
            throw new AssertionError(where + ": an unknown path or method answers a problem, not " + contentType);
        }
        List<Error> errors = schemas.computeIfAbsent(
                        COMPONENT_REF + "Problem", r -> registry.getSchema(SchemaLocation.of(IRI + r)))
                .validate(body, InputFormat.JSON);
        if (!errors.isEmpty()) {
            throw new AssertionError(where + ": not a problem of the document: " + errors);
        }
    }

    private JsonNode operation(String method, String path, String where) {
        String relative = path;
        int query = relative.indexOf('?');
        if (query >= 0) {
            relative = relative.substring(0, query);
        }
        if (!relative.startsWith(BASE_PATH + "/")) {
            throw new AssertionError(where + ": not under the document's server " + BASE_PATH);
        }
        relative = relative.substring(BASE_PATH.length());
        String verb = method.toLowerCase(Locale.ROOT);
        String best = null;
        int bestLiterals = -1;
        List<String> other = new ArrayList<>();
        for (Map.Entry<String, Pattern> t : templates.entrySet()) {
            if (!t.getValue().matcher(relative).matches()) {
                continue;
            }
            if (!document.path("paths").path(t.getKey()).has(verb)) {
                other.add(t.getKey());
                continue;
            }
            // a literal segment wins over a variable, as in Spring's matching
            int literals = TEMPLATE_VARIABLE.matcher(t.getKey()).replaceAll("").length();
            if (literals > bestLiterals) {
                best = t.getKey();
                bestLiterals = literals;
            }
        }
        if (best == null) {
            throw new AssertionError(where + ": the document has no such operation"
                    + (other.isEmpty() ? "" : " (the path " + other + " has other methods)"));
        }
        return document.path("paths").path(best).path(verb);
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        JsonNode target = document.at(ref.asString().substring(1));
        if (target.isMissingNode()) {
            throw new AssertionError("the document's " + ref.asString() + " is missing");
        }
        return resolve(target);
    }

    private Schema schema(JsonNode schemaNode) {
        JsonNode ref = schemaNode.get("$ref");
        if (ref != null && schemaNode.size() == 1 && ref.asString().startsWith(COMPONENT_REF)) {
            return schemas.computeIfAbsent(ref.asString(), r -> registry.getSchema(SchemaLocation.of(IRI + r)));
        }
        // an inline schema: its $refs made absolute, so that they resolve in the document
        JsonNode copy = schemaNode.deepCopy();
        absolute(copy);
        return schemas.computeIfAbsent(
                copy.toString(),
                s -> registry.getSchema(
                        SchemaLocation.of("https://patientportal.dev/openapi/inline/" + inline.incrementAndGet()),
                        copy));
    }

    private static void absolute(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isString() && ref.asString().startsWith("#")) {
                object.put("$ref", IRI + ref.asString());
            }
        }
        for (JsonNode child : node) {
            absolute(child);
        }
    }

    private static Pattern regex(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher m = TEMPLATE_VARIABLE.matcher(template);
        int at = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(at, m.start()))).append("[^/]+");
            at = m.end();
        }
        return Pattern.compile(
                regex.append(Pattern.quote(template.substring(at))).toString());
    }

    private static String essence(String mediaType) {
        int semicolon = mediaType.indexOf(';');
        return (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon))
                .strip()
                .toLowerCase(Locale.ROOT);
    }

    private static boolean matches(String listed, String actual) {
        if (listed.equals(actual) || listed.equals("*/*")) {
            return true;
        }
        return listed.endsWith("/*") && actual.startsWith(listed.substring(0, listed.length() - 1));
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }
}
