package dev.patientportal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "+36201234567",
                "+36 20 123 4567",
                "06 20 123 4567",
                "06-20-123-4567",
                "0036201234567",
                "(06 20) 123-4567"
            })
    @DisplayName("Hungarian mobile numbers as people type them normalise to one E.164 form")
    void normalisesHungarianMobiles(String typed) {
        PhoneNumber phone = PhoneNumber.parse(typed);
        assertThat(phone.e164()).isEqualTo("+36201234567");
        assertThat(phone.canReceiveSms()).isTrue();
        assertThat(phone.region()).isEqualTo("HU");
    }

    @Test
    @DisplayName("a number of no country (international freephone, satellite, networks) has the region ZZ")
    void nonGeographicNumbersHaveNoRegion() {
        assertThat(PhoneNumber.parse("+80012345678").region())
                .isEqualTo(PhoneNumber.NO_REGION)
                .isEqualTo("ZZ");
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        assertThat(util.getSupportedGlobalNetworkCallingCodes())
                .hasSizeGreaterThan(5)
                .allSatisfy(code -> {
                    String example = util.format(
                            util.getExampleNumberForNonGeoEntity(code), PhoneNumberUtil.PhoneNumberFormat.E164);
                    assertThat(PhoneNumber.parse(example).region()).as(example).isEqualTo("ZZ");
                });
    }

    @Test
    @DisplayName("the default region applies only to numbers typed without a country code")
    void defaultRegion() {
        assertThat(PhoneNumber.parse("612 345 678", "ES").e164()).isEqualTo("+34612345678");
        assertThat(PhoneNumber.parse("+36201234567", "ES").e164()).isEqualTo("+36201234567");
    }

    @Test
    @DisplayName("landlines and premium-rate numbers cannot receive SMS")
    void landlinesAndPremiumRateCannotReceiveSms() {
        assertThat(PhoneNumber.parse("+3612345678").canReceiveSms())
                .as("Budapest landline")
                .isFalse();
        assertThat(PhoneNumber.parse("06 90 123 456").canReceiveSms())
                .as("premium rate")
                .isFalse();
        assertThat(PhoneNumber.parse("06 80 123 456").canReceiveSms())
                .as("toll free")
                .isFalse();
        assertThat(PhoneNumber.parse("+34612345678").canReceiveSms())
                .as("Spanish mobile")
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "   ", "hello", "+36 20", "12", "+999 1234567", "+362012345678901234567890123456789012"})
    @DisplayName("anything but a valid number is a validation error on 'phone' that does not echo the input")
    void rejectsInvalidInput(String typed) {
        assertThatThrownBy(() -> PhoneNumber.parse(typed)).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.field()).isEqualTo("phone");
            if (!typed.isBlank()) {
                assertThat(e.getMessage()).doesNotContain(typed.strip());
            }
        });
    }

    @Test
    @DisplayName(
            "a number libphonenumber accepts but that has more than E.164's 15 digits is refused (found by the fuzz run)")
    void moreThanFifteenDigitsIsRefused() {
        assertThatThrownBy(() -> PhoneNumber.parse("+4920100000000000"))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("phone"));
        assertThat(PhoneNumber.parse("+492011234567").e164())
                .as("an ordinary Essen number still parses")
                .isEqualTo("+492011234567");
    }

    @Test
    @DisplayName("the record accepts only canonical E.164")
    void canonicalOnly() {
        assertThatThrownBy(() -> new PhoneNumber("06201234567")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new PhoneNumber("+36 20 123 4567")).isInstanceOf(ValidationException.class);
        assertThat(new PhoneNumber("+36201234567")).isEqualTo(PhoneNumber.parse("06201234567"));
    }

    @Test
    @DisplayName("toString never shows the number")
    void toStringIsRedacted() {
        assertThat(PhoneNumber.parse("+36201234567").toString())
                .doesNotContain("1234567")
                .doesNotContain("+36");
    }
}
