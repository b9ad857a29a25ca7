package dev.patientportal.core;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What the host knows about the request a patient made: recorded in audit events and used for rate limits and the
 * language of messages.
 *
 * @param clientAddress the client's IP address as the host sees it (after its proxies), if known
 * @param userAgent the client's user agent, if known
 * @param locale the language the client asked for, if known
 */
public record RequestContext(
        @Nullable String clientAddress,
        @Nullable String userAgent,
        @Nullable Locale locale) {
    private static final RequestContext NONE = new RequestContext(null, null, null);

    /**
     * Truncates over-long values so that hostile headers cannot bloat audit records.
     *
     * @param clientAddress the client's IP address as the host sees it (after its proxies), if known
     * @param userAgent the client's user agent, if known
     * @param locale the language the client asked for, if known
     */
    public RequestContext {
        clientAddress = clip(clientAddress, 64);
        userAgent = clip(userAgent, 256);
    }

    /**
     * A context that knows nothing about the request.
     *
     * @return the empty context
     */
    public static RequestContext none() {
        return NONE;
    }

    /**
     * A context with only a client address.
     *
     * @param clientAddress the client's address
     * @return the context
     */
    public static RequestContext fromAddress(String clientAddress) {
        return new RequestContext(clientAddress, null, null);
    }

    private static @Nullable String clip(@Nullable String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
