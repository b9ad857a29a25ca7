package dev.patientportal.core.validation;

import dev.patientportal.core.TajNumber;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.jspecify.annotations.Nullable;

/** Validates {@link ValidTaj}. Stateless and thread-safe. */
public final class TajValidator implements ConstraintValidator<ValidTaj, String> {
    /** Creates the validator; called by the Jakarta Validation provider. */
    public TajValidator() {}

    @Override
    public boolean isValid(@Nullable String value, ConstraintValidatorContext context) {
        return value == null || TajNumber.isValid(value);
    }
}
