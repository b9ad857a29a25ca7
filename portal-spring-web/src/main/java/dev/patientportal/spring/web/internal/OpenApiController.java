package dev.patientportal.spring.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves the API's OpenAPI 3.1 document, the committed {@code docs/openapi.yaml}, with this host's base path. */
@RestController
public class OpenApiController {
    /** Where the document lies on the class path. */
    public static final String RESOURCE = "/dev/patientportal/spring/web/openapi.yaml";
    /** The server URL the committed document names, replaced by this host's base path. */
    static final String DEFAULT_SERVER = "url: /portal/api";

    private final byte[] document;

    /**
     * Creates the controller.
     *
     * @param basePath the API's base path
     */
    public OpenApiController(String basePath) {
        this.document = load().replace(DEFAULT_SERVER, "url: " + basePath).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The committed document, as packaged.
     *
     * @return its text
     */
    public static String load() {
        try (InputStream in = OpenApiController.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from portal-spring-web's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GetMapping(path = "${portal.web.base-path:/portal/api}/openapi.yaml", produces = "application/yaml")
    ResponseEntity<byte[]> openapi() {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/yaml"))
                .cacheControl(CacheControl.noCache())
                .body(document);
    }
}
