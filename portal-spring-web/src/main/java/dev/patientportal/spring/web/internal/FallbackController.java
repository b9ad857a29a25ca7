package dev.patientportal.spring.web.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

/**
 * Any other path under the base path: a 404 problem, not the host's error page.
 *
 * <p>Not a {@code @RequestMapping("/**")}: in the same handler mapping as the API's endpoints such a mapping matches
 * every request whose method, {@code Content-Type} or {@code Accept} an endpoint refuses, and those would answer 404
 * instead of 405, 415 or 406. In a {@link #mapping mapping of its own}, ordered after Spring's request mappings, it
 * sees only the paths that no endpoint has (so a host's own catch-all request mapping, if it has one, comes first).
 */
public final class FallbackController implements HttpRequestHandler {
    /** After the request mappings (order 0) and before Spring's static resources ({@code LOWEST_PRECEDENCE - 1}). */
    static final int ORDER = Ordered.LOWEST_PRECEDENCE - 2;

    /** Creates the handler. */
    public FallbackController() {}

    /**
     * The handler mapping that sends every path under the base path that nothing else maps here.
     *
     * @param basePath the API's base path
     * @return the mapping
     */
    public SimpleUrlHandlerMapping mapping(String basePath) {
        String pattern = basePath.equals("/") ? "/**" : basePath + "/**";
        return new SimpleUrlHandlerMapping(Map.of(pattern, this), ORDER);
    }

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // written here: the advice's exception handlers do not apply to a handler that is not a controller method
        Problems.Problem p = Problems.notFound();
        byte[] body = Problems.json(p).getBytes(StandardCharsets.UTF_8);
        response.setStatus(p.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
