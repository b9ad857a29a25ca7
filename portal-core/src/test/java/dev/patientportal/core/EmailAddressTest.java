package dev.patientportal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {
    @Test
    @DisplayName("addresses are trimmed and lower-cased so typed and recorded forms match")
    void normalises() {
        assertThat(EmailAddress.parse("  Anna.Kovacs@Example.HU ").value()).isEqualTo("anna.kovacs@example.hu");
        assertThat(EmailAddress.parse("a+tag@sub.example.com")).isEqualTo(EmailAddress.parse("A+TAG@SUB.example.com"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "plain",
                "a@b",
                "a@@b.hu",
                "a b@c.hu",
                "@example.hu",
                "a@example..hu",
                "a@-x.hu",
                "a\n@x.hu",
                "<a@x.hu>"
            })
    @DisplayName("malformed addresses are a validation error on 'email' that does not echo the input")
    void rejectsMalformed(String typed) {
        assertThatThrownBy(() -> EmailAddress.parse(typed)).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.field()).isEqualTo("email");
            if (!typed.isBlank()) {
                assertThat(e.getMessage()).doesNotContain(typed);
            }
        });
    }

    @Test
    @DisplayName("over-long local parts and addresses are refused")
    void lengthLimits() {
        assertThatThrownBy(() -> EmailAddress.parse("a".repeat(65) + "@x.hu")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> EmailAddress.parse("a@" + "b".repeat(250) + ".hu"))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    @DisplayName("toString never shows the address")
    void toStringIsRedacted() {
        assertThat(EmailAddress.parse("anna@example.hu").toString())
                .doesNotContain("anna")
                .doesNotContain("example");
    }
}
