package dev.patientportal.spring.web.internal;

import dev.patientportal.core.PortalException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns what goes wrong under the API's base path into RFC 9457 problems ({@link Problems}). Requests outside it are
 * left to the host's own handling: the advice rethrows.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ProblemAdvice {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemAdvice.class);

    private final String basePath;

    /**
     * Creates the advice.
     *
     * @param basePath the API's base path
     */
    public ProblemAdvice(String basePath) {
        this.basePath = basePath;
    }

    @ExceptionHandler(PortalException.class)
    ResponseEntity<Map<String, Object>> portal(PortalException e, HttpServletRequest request) throws Exception {
        ours(e, request);
        Problems.Problem p = Problems.of(e);
        if (p.status().is5xxServerError()) {
            LOG.warn(
                    "portal API: {} answered {}",
                    e.getClass().getSimpleName(),
                    p.status().value());
        }
        return p.response();
    }

    @ExceptionHandler({
        HttpMessageNotReadableException.class,
        MissingRequestHeaderException.class,
        MissingServletRequestParameterException.class,
        MissingServletRequestPartException.class,
        MethodArgumentTypeMismatchException.class,
        HttpMediaTypeNotSupportedException.class,
        HttpMediaTypeNotAcceptableException.class,
        HttpRequestMethodNotSupportedException.class,
        MultipartException.class,
        NoHandlerFoundException.class,
        NoResourceFoundException.class
    })
    ResponseEntity<Map<String, Object>> request(Exception e, HttpServletRequest request) throws Exception {
        ours(e, request);
        return ofRequest(e).response();
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> other(Exception e, HttpServletRequest request) throws Exception {
        ours(e, request);
        if (BodyLimitFilter.tooLarge(e)) {
            return BodyLimitFilter.problem().response();
        }
        // the type only: a message or a trace of a collaborator's exception may quote data
        LOG.error("portal API: unexpected {} on {} {}", e.getClass().getName(), request.getMethod(), pattern(request));
        LOG.debug("portal API: the unexpected failure", e);
        return Problems.internal().response();
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
        return Problems.notFound();
    }

    private void ours(Exception e, HttpServletRequest request) throws Exception {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.equals(basePath) && !path.startsWith(basePath + "/")) {
            throw e;
        }
    }

    private static Object pattern(HttpServletRequest request) {
        Object pattern = request.getAttribute("org.springframework.web.servlet.HandlerMapping.bestMatchingPattern");
        return pattern == null ? "(no handler)" : pattern;
    }
}
