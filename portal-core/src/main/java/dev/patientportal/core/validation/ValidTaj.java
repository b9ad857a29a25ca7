package dev.patientportal.core.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The annotated string is a TAJ as {@link dev.patientportal.core.TajNumber#parse(String)} accepts it: nine digits
 * (spaces and hyphens ignored) with a correct check digit. {@code null} is valid; combine with {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = TajValidator.class)
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface ValidTaj {
    /**
     * The message; it never includes the value.
     *
     * @return the message or its key
     */
    String message() default "{dev.patientportal.core.validation.ValidTaj.message}";

    /**
     * Validation groups.
     *
     * @return the groups
     */
    Class<?>[] groups() default {};

    /**
     * Payload for clients of the Jakarta Validation API.
     *
     * @return the payload
     */
    Class<? extends Payload>[] payload() default {};
}
