package dev.patientportal.notify.twilio;

import com.twilio.security.RequestValidator;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Checks that a status callback really comes from Twilio: the {@value #HEADER} header must be the HMAC-SHA1 of the
 * callback's full URL and its sorted form parameters under the account's auth token. Reject a callback that fails
 * (HTTP 403) before reading anything from it.
 *
 * <pre>{@code
 * TwilioSignatureValidator validator = new TwilioSignatureValidator(authToken);
 * if (!validator.isValid(fullRequestUrl, formParameters, request.getHeader(TwilioSignatureValidator.HEADER))) {
 *     return 403;
 * }
 * TwilioStatusCallback status = TwilioStatusCallback.from(formParameters);
 * }</pre>
 *
 * <p>Use the URL exactly as Twilio called it (scheme, host, port, path and query), as seen before any proxy rewrote it.
 * Thread-safe.
 */
public final class TwilioSignatureValidator {
    /** The header that carries Twilio's signature. */
    public static final String HEADER = "X-Twilio-Signature";

    private final RequestValidator validator;

    /**
     * Creates a validator.
     *
     * @param authToken the account's auth token
     */
    public TwilioSignatureValidator(String authToken) {
        this.validator = new RequestValidator(Objects.requireNonNull(authToken, "authToken"));
    }

    /**
     * Checks a callback.
     *
     * @param url the full URL Twilio posted to
     * @param formParameters the posted form parameters
     * @param signature the {@value #HEADER} header, or {@code null} when missing
     * @return {@code true} only when the signature matches
     */
    public boolean isValid(String url, Map<String, String> formParameters, @Nullable String signature) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(formParameters, "formParameters");
        if (signature == null || signature.isBlank()) {
            return false;
        }
        return validator.validate(url, formParameters, signature);
    }
}
