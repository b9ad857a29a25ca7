package dev.patientportal.core;

import java.io.Serial;

/**
 * Input was rejected. {@link #field()} names the offending field; the message says why, but never echoes the value,
 * since values are often personal data.
 */
public class ValidationException extends PortalException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The name of the rejected field, never its value; see {@link #field()}. */
    private final String field;

    /**
     * Creates a validation failure.
     *
     * @param field the name of the rejected field, for example {@code "phone"}
     * @param reason why it was rejected, without the value, for example {@code "is not a mobile number"}
     */
    public ValidationException(String field, String reason) {
        super("Invalid " + field + ": " + reason);
        this.field = field;
    }

    /**
     * Returns the name of the rejected field.
     *
     * @return the field name, never the value
     */
    public String field() {
        return field;
    }
}
