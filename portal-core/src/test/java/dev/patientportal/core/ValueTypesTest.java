package dev.patientportal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTest {
    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-lead", "a b", "a/b", "a\u0000b", "ü"})
    @DisplayName("identifiers refuse empty, spaced, slashed and non-ASCII values, naming the field")
    void identifiersAreChecked(String value) {
        assertThatThrownBy(() -> PatientId.of(value))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("patient"));
        assertThatThrownBy(() -> DocumentId.of(value))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("document"));
    }

    @Test
    @DisplayName("identifiers accept host keys such as UUIDs, numbers and dotted codes")
    void identifiersAcceptHostKeys() {
        assertThat(PatientId.of("12345").value()).isEqualTo("12345");
        assertThat(InstitutionId.of("clinic.budapest-1").toString()).isEqualTo("clinic.budapest-1");
        assertThat(DocumentId.random().value()).hasSize(36);
        assertThatThrownBy(() -> PatientId.of("x".repeat(129))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> PatientId.of(null)).isInstanceOf(ValidationException.class);
    }

    @Test
    @DisplayName("a login identity must carry exactly the identifiers of its method")
    void loginIdentityFitsItsMethod() {
        PhoneNumber phone = PhoneNumber.parse("+36201234567");
        EmailAddress email = EmailAddress.parse("a@example.hu");
        TajNumber taj = TajNumber.parse("123456788");
        assertThat(LoginIdentity.emailAndPhone(email, phone).method()).isEqualTo(AccessMethod.EMAIL_AND_PHONE);
        assertThat(LoginIdentity.tajAndPhone(taj, phone).toString()).isEqualTo("LoginIdentity[TAJ_AND_PHONE]");
        assertThatThrownBy(() -> new LoginIdentity(AccessMethod.EMAIL_AND_PHONE, null, phone, null))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("email"));
        assertThatThrownBy(() -> new LoginIdentity(AccessMethod.TAJ_AND_PHONE, email, phone, taj))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("email"));
        assertThatThrownBy(() -> new LoginIdentity(AccessMethod.TAJ_AND_PHONE, null, phone, null))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("taj"));
    }

    @Test
    @DisplayName("records holding personal data keep it out of toString")
    void personalDataStaysOutOfToString() {
        PatientProfile p = new PatientProfile(
                InstitutionId.of("c1"),
                PatientId.of("p1"),
                "Anna",
                "Kovács",
                LocalDate.of(1980, 1, 2),
                EmailAddress.parse("anna@example.hu"),
                PhoneNumber.parse("+36201234567"),
                TajNumber.parse("123456788"),
                "Budapest, Fő utca 1",
                Locale.forLanguageTag("hu"));
        assertThat(p.toString()).doesNotContain("Anna", "Kovács", "anna@", "1234567", "123456788", "Fő utca", "1980");
        Document d = new Document(
                DocumentId.of("d1"),
                InstitutionId.of("c1"),
                PatientId.of("p1"),
                DocumentType.of("LAB"),
                "hiv-test-result.pdf",
                "application/pdf",
                10,
                "00",
                DocumentState.VISIBLE,
                Instant.EPOCH,
                StaffId.of("s1"),
                Instant.EPOCH,
                1);
        assertThat(d.toString()).doesNotContain("hiv");
        CodeMessage m = new CodeMessage(
                InstitutionId.of("c1"),
                CodeMessage.Channel.SMS,
                null,
                PhoneNumber.parse("+36201234567"),
                "654321",
                Duration.ofMinutes(5),
                Locale.ENGLISH);
        assertThat(m.toString()).doesNotContain("654321", "1234567");
    }

    @Test
    @DisplayName("service rules let patients cancel unless selfCancel is switched off, whatever selfBooking says")
    void serviceRules_selfCancel() {
        ServiceRules frontDeskOnly = new ServiceRules(false, Duration.ofHours(1), Duration.ofHours(2));

        assertThat(ServiceRules.DEFAULT.selfCancel()).isTrue();
        assertThat(frontDeskOnly.selfCancel())
                .as("the three-argument rules keep today's behaviour")
                .isTrue();
        ServiceRules noCancel = frontDeskOnly.withSelfCancel(false);
        assertThat(noCancel).isEqualTo(new ServiceRules(false, Duration.ofHours(1), Duration.ofHours(2), false));
        assertThat(noCancel.withSelfCancel(true)).isEqualTo(frontDeskOnly);
        assertThatThrownBy(() -> new ServiceRules(true, Duration.ofHours(-1), Duration.ZERO, false))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("modifyNotice"));
    }

    @Test
    @DisplayName("policies report every invalid setting at once")
    void policiesReportAllProblems() {
        assertThatThrownBy(() -> ReservationPolicy.builder()
                        .bookingHorizon(Duration.ZERO)
                        .minimumLeadTime(Duration.ofHours(-1))
                        .maxActiveBookings(0)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bookingHorizon")
                .hasMessageContaining("minimumLeadTime")
                .hasMessageContaining("maxActiveBookings");
        assertThatThrownBy(() -> DocumentPolicy.builder()
                        .maxSizeBytes(0)
                        .allowedMediaTypes(java.util.Set.of())
                        .build())
                .hasMessageContaining("maxSizeBytes")
                .hasMessageContaining("allowedMediaTypes");
        assertThatThrownBy(() ->
                        new DocumentPolicy(Long.MAX_VALUE, java.util.Set.of("application/pdf"), java.util.Set.of()))
                .as("the record checks what the builder checks")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxSizeBytes");
        assertThatThrownBy(() -> new ReservationPolicy(
                        false, Duration.ofDays(1), Duration.ofDays(2), 0, ServiceRules.DEFAULT, java.util.Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minimumLeadTime")
                .hasMessageContaining("maxActiveBookings");
        ReservationPolicy p = ReservationPolicy.builder()
                .service(ServiceTypeId.of("SURGERY"), new ServiceRules(false, Duration.ofDays(3), Duration.ofDays(2)))
                .build();
        assertThat(p.rulesFor(ServiceTypeId.of("SURGERY")).selfBooking()).isFalse();
        assertThat(p.rulesFor(ServiceTypeId.of("GP"))).isEqualTo(ServiceRules.DEFAULT);
    }

    @Test
    @DisplayName("page size of a document filter is bounded")
    void documentFilterBounds() {
        assertThatThrownBy(() -> DocumentFilter.firstPage().withLimit(0)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> DocumentFilter.firstPage().withLimit(101)).isInstanceOf(ValidationException.class);
        assertThat(DocumentFilter.firstPage().withLimit(100).limit()).isEqualTo(100);
    }
}
