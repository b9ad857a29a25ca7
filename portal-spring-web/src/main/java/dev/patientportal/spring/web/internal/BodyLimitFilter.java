package dev.patientportal.spring.web.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits request bodies under the API's base path: JSON to {@code portal.web.max-json-body}, a multipart upload to the
 * document policy's size limit plus the form's overhead. A declared {@code Content-Length} over the limit is refused
 * with 413 before a byte is read; a JSON body without one (chunked) is counted as it is read, and refused when it passes
 * the limit. An upload without a {@code Content-Length} is refused with 411, since the servlet container parses
 * multipart bodies from its own stream: so an upload over the limit is never read whole.
 */
public final class BodyLimitFilter extends OncePerRequestFilter implements Ordered {
    /** What a multipart form adds to the file: boundaries, part headers and the small fields. */
    static final long MULTIPART_OVERHEAD = 64 * 1024;

    private final String basePath;
    private final long maxJson;
    private final long maxUpload;

    /**
     * Creates the filter.
     *
     * @param basePath the API's base path
     * @param maxJson the largest JSON body
     * @param maxUploadContent the largest document content
     */
    public BodyLimitFilter(String basePath, long maxJson, long maxUploadContent) {
        this.basePath = basePath;
        this.maxJson = maxJson;
        this.maxUpload = maxUploadContent + MULTIPART_OVERHEAD;
    }

    /** Early: before any filter that reads the body. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !ApiPaths.isUnder(request, basePath);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // personal data and tokens: no browser or proxy keeps any of the API's answers
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        String type = request.getContentType();
        boolean multipart =
                type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
        long limit = multipart ? maxUpload : maxJson;
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            refuse(response, problem());
            return;
        }
        if (multipart && declared < 0) {
            // the servlet container parses multipart bodies from its own stream, past any wrapper: an upload must
            // declare its length (browsers always do) so that one over the limit is refused before it is read
            refuse(response, lengthRequired());
            return;
        }
        chain.doFilter(declared >= 0 ? request : new Counted(request, limit), response);
    }

    private static void refuse(HttpServletResponse response, Problems.Problem p) throws IOException {
        p.headers().set(HttpHeaders.CONNECTION, "close");
        ProblemResolver.write(response, p);
    }

    static Problems.Problem lengthRequired() {
        return Problems.of(
                HttpStatus.LENGTH_REQUIRED,
                "length-required",
                "Content-Length required",
                "An upload must declare its Content-Length.");
    }

    static Problems.Problem problem() {
        return Problems.of(
                HttpStatus.CONTENT_TOO_LARGE,
                "too-large",
                "Request body too large",
                "The request body is over this endpoint's limit.");
    }

    /**
     * Whether a failure was caused by a body over the limit.
     *
     * @param e the failure
     * @return {@code true} when a {@link TooLarge} is among its causes
     */
    static boolean tooLarge(Throwable e) {
        for (@Nullable Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TooLarge) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** A body that passed its limit while it was read. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("request body over the limit");
        }
    }

    private static final class Counted extends HttpServletRequestWrapper {
        private final long limit;
        private @Nullable ServletInputStream stream;

        Counted(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream s = stream;
            if (s == null) {
                s = new CountingStream(super.getInputStream(), limit);
                stream = s;
            }
            return s;
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        CountingStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLarge {
            read += n;
            if (read > limit) {
                throw new TooLarge();
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
