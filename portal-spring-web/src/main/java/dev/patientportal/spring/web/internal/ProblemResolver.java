package dev.patientportal.spring.web.internal;

import dev.patientportal.core.PortalException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns what goes wrong under the API's base path into RFC 9457 problems ({@link Problems}): the portal's exceptions
 * and Spring MVC's own (unreadable body, missing header, wrong method or media type, no such path). A
 * {@link HandlerExceptionResolver} ahead of the others, not a controller advice: for a request outside the base path
 * it answers nothing at all, so the host's own advice and error handling apply to everything else unchanged.
 */
public final class ProblemResolver implements HandlerExceptionResolver, Ordered {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemResolver.class);

    private final String basePath;

    /**
     * Creates the resolver.
     *
     * @param basePath the API's base path
     */
    public ProblemResolver(String basePath) {
        this.basePath = basePath;
    }

    /** Before Spring's own resolvers, which would answer the API's errors with the host's error page. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public @Nullable ModelAndView resolveException(
            HttpServletRequest request, HttpServletResponse response, @Nullable Object handler, Exception e) {
        if (!ApiPaths.isUnder(request, basePath) || response.isCommitted()) {
            return null;
        }
        Problems.Problem p = problem(e, request);
        try {
            write(response, p);
        } catch (IOException written) {
            LOG.debug(
                    "portal API: the problem could not be written ({})",
                    written.getClass().getSimpleName());
        }
        return new ModelAndView();
    }

    private static Problems.Problem problem(Exception e, HttpServletRequest request) {
        if (e instanceof PortalException portal) {
            Problems.Problem p = Problems.of(portal);
            if (p.status().is5xxServerError()) {
                LOG.warn(
                        "portal API: {} answered {}",
                        e.getClass().getSimpleName(),
                        p.status().value());
            }
            return p;
        }
        Problems.Problem p = ofRequest(e);
        if (p.status() == HttpStatus.INTERNAL_SERVER_ERROR) {
            // the types only: a message or a trace of a collaborator's exception may quote data
            LOG.error(
                    "portal API: unexpected {} (cause {}) on {} {}",
                    e.getClass().getName(),
                    e.getCause() == null ? "none" : e.getCause().getClass().getName(),
                    request.getMethod(),
                    pattern(request));
        }
        return p;
    }

    /** Writes a problem: its status, headers, and its JSON (fixed texts and numbers only). */
    static void write(HttpServletResponse response, Problems.Problem p) throws IOException {
        response.resetBuffer();
        response.setStatus(p.status().value());
        p.headers().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        byte[] body = Problems.json(p).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    private static Problems.Problem ofRequest(Exception e) {
        if (BodyLimitFilter.tooLarge(e) || e instanceof MaxUploadSizeExceededException) {
            return BodyLimitFilter.problem();
        }
        if (e instanceof MissingRequestHeaderException m) {
            return Problems.validation(m.getHeaderName(), "The header " + m.getHeaderName() + " is required.");
        }
        if (e instanceof MissingServletRequestParameterException m) {
            return Problems.validation(m.getParameterName(), "The parameter " + m.getParameterName() + " is required.");
        }
        if (e instanceof MissingServletRequestPartException m) {
            return Problems.validation(m.getRequestPartName(), "The part " + m.getRequestPartName() + " is required.");
        }
        if (e instanceof MethodArgumentTypeMismatchException m) {
            return Problems.validation(m.getName(), "The parameter " + m.getName() + " has the wrong type.");
        }
        if (e instanceof HttpMessageNotReadableException) {
            return Problems.validation("body", "The request body is missing or is not the JSON this endpoint reads.");
        }
        if (e instanceof HttpMediaTypeNotSupportedException) {
            return Problems.of(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-media-type",
                    "Unsupported media type",
                    "This endpoint reads another Content-Type.");
        }
        if (e instanceof HttpMediaTypeNotAcceptableException) {
            return Problems.of(
                    HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable", "This endpoint answers JSON.");
        }
        if (e instanceof HttpRequestMethodNotSupportedException m) {
            Problems.Problem p = Problems.of(
                    HttpStatus.METHOD_NOT_ALLOWED,
                    "method-not-allowed",
                    "Method not allowed",
                    "This endpoint does not take that method.");
            if (m.getSupportedHttpMethods() != null) {
                p.headers().setAllow(m.getSupportedHttpMethods());
            }
            return p;
        }
        if (e instanceof MultipartException) {
            return Problems.validation("file", "The request is not a readable multipart/form-data upload.");
        }
        if (e instanceof NoHandlerFoundException || e instanceof NoResourceFoundException) {
            return Problems.notFound();
        }
        return Problems.internal();
    }

    private static Object pattern(HttpServletRequest request) {
        Object pattern = request.getAttribute("org.springframework.web.servlet.HandlerMapping.bestMatchingPattern");
        return pattern == null ? "(no handler)" : pattern;
    }
}
