package dev.patientportal.core.validation;

import dev.patientportal.core.PhoneNumber;
import dev.patientportal.core.ValidationException;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.jspecify.annotations.Nullable;

/** Validates {@link SmsCapablePhone}. Thread-safe once initialised. */
public final class SmsCapablePhoneValidator implements ConstraintValidator<SmsCapablePhone, String> {
    private String region = PhoneNumber.DEFAULT_REGION;

    /** Creates the validator; called by the Jakarta Validation provider. */
    public SmsCapablePhoneValidator() {}

    @Override
    public void initialize(SmsCapablePhone annotation) {
        this.region = annotation.region();
    }

    @Override
    public boolean isValid(@Nullable String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        try {
            return PhoneNumber.parse(value, region).canReceiveSms();
        } catch (ValidationException e) {
            return false;
        }
    }
}
