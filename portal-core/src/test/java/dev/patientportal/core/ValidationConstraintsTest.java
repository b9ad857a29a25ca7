package dev.patientportal.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.validation.SmsCapablePhone;
import dev.patientportal.core.validation.ValidTaj;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The constraints run under a real Jakarta Validation provider (Hibernate Validator) and judge as the core does. */
class ValidationConstraintsTest {
    record LoginForm(@ValidTaj String taj, @SmsCapablePhone String phone) {}

    record SpanishForm(@SmsCapablePhone(region = "ES") String phone) {}

    static ValidatorFactory factory;
    static Validator validator;

    @BeforeAll
    static void start() {
        factory = Validation.byDefaultProvider()
                .configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void stop() {
        factory.close();
    }

    @Test
    @DisplayName("a valid TAJ and a mobile number pass")
    void validFormPasses() {
        assertThat(validator.validate(new LoginForm("123 456 788", "06 20 123 4567")))
                .isEmpty();
        assertThat(validator.validate(new LoginForm(null, null)))
                .as("null is left to @NotNull")
                .isEmpty();
    }

    @Test
    @DisplayName("a wrong check digit and a landline each fail on their own property, without echoing the value")
    void invalidFormFails() {
        Set<ConstraintViolation<LoginForm>> violations = validator.validate(new LoginForm("123456789", "+3612345678"));
        assertThat(violations)
                .extracting(v -> v.getPropertyPath().toString())
                .containsExactlyInAnyOrder("taj", "phone");
        assertThat(violations).allSatisfy(v -> assertThat(v.getMessage()).doesNotContain("123456789", "12345678"));
    }

    @Test
    @DisplayName("the region attribute decides how numbers without a country code are read")
    void regionAttribute() {
        assertThat(validator.validate(new SpanishForm("612 345 678"))).isEmpty();
        assertThat(validator.validate(new LoginForm(null, "612 345 678"))).hasSize(1);
    }
}
