package dev.patientportal.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.AccessLogEntry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole tour with every log line captured at DEBUG, then checks the log for the sample patients' personal
 * data, and checks what the patient saw.
 */
class TourTest {
    /** Every piece of personal data the tour's sample records and uploads contain. */
    static final List<String> PHI = List.of(
            "Anna",
            "Kovács",
            "Kovacs",
            "anna.kovacs@example.hu",
            "+36201234567",
            "20 123 4567",
            "1234567",
            "Béla",
            "Nagy",
            "+36307654321",
            "7654321",
            "123456788",
            "123 456 788",
            "Carla",
            "Gómez",
            "carla.gomez@example.es",
            "+34612345678",
            "037193289",
            "Dénes",
            "Szabó",
            "+3612345678",
            "1984-05-17",
            "999 8888",
            "+36209998888",
            "1950-11-03",
            "1991-02-08",
            "Fő utca",
            "blood-count-2026.pdf",
            "internal-note.pdf",
            "x-ray.pdf",
            "Blood count",
            "X-ray report",
            "Internal note");

    static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    static final ByteArrayOutputStream OUT = new ByteArrayOutputStream();
    static PrintStream originalErr;
    static Tour.Outcome outcome;

    @BeforeAll
    static void runTourCapturingLogs() {
        // src/test/resources/simplelogger.properties: DEBUG, to System.err, looked up on every line.
        originalErr = System.err;
        System.setErr(new PrintStream(LOG, true, StandardCharsets.UTF_8));
        try {
            Clock clock = Clock.fixed(Instant.parse("2026-11-30T09:00:00Z"), ZoneOffset.UTC);
            Tour tour = new Tour(new PrintStream(OUT, true, StandardCharsets.UTF_8), clock);
            try {
                outcome = tour.run();
            } finally {
                tour.close();
            }
        } finally {
            System.setErr(originalErr);
        }
    }

    @Test
    @DisplayName("the SDK logged what it did, and no log line holds a name, TAJ, phone, e-mail or document title")
    void noPersonalDataInAnyLogLine() {
        String log = LOG.toString(StandardCharsets.UTF_8);
        assertThat(log)
                .as("the tour must produce log lines for this test to mean anything")
                .contains("DEBUG")
                .contains("document.publish")
                .contains("access.grant");
        for (String phi : PHI) {
            assertThat(log).as("log contains personal data").doesNotContain(phi);
        }
        assertThat(outcome.codesSent()).hasSizeGreaterThanOrEqualTo(3);
        for (String code : outcome.codesSent()) {
            // As a token of its own, so that digits inside an id cannot match by chance.
            assertThat(log)
                    .as("log contains a login code")
                    .doesNotContainPattern("(?<![0-9A-Za-z])" + code + "(?![0-9A-Za-z])");
        }
    }

    @Test
    @DisplayName("every e-mail, SMS and push the tour sent is free of personal data, and each kind was sent")
    void messagesHoldNoPersonalData() {
        List<String> messages = outcome.messages();
        assertThat(messages)
                .anyMatch(m -> m.startsWith("E-MAIL: New document"))
                .anyMatch(m -> m.startsWith("SMS: Clínica Demo: you have a new document"))
                .anyMatch(m -> m.startsWith("PUSH: New document"))
                // the code in the language the browser asked for (English), not the Hungarian record's
                .anyMatch(m -> m.startsWith("SMS: ") && m.contains(" is your Clínica Demo patient portal code."))
                .anyMatch(m -> m.startsWith("E-MAIL: Appointment cancelled"));
        for (String message : messages) {
            for (String phi : PHI) {
                assertThat(message).as("a sent message contains personal data").doesNotContain(phi);
            }
        }
    }

    @Test
    @DisplayName("the patient sees exactly their own visible document")
    void patientSeesOnlyTheirVisibleDocument() {
        assertThat(outcome.annaSaw()).containsExactly(outcome.annasVisible());
        assertThat(outcome.annaSaw()).doesNotContain(outcome.annasHidden(), outcome.carlasDocument());
    }

    @Test
    @DisplayName("after booking, rescheduling and cancelling, the cancelled booking is history and the check-up stays")
    void reservationsEndWhereTheTourSays() {
        assertThat(outcome.annaActive()).extracting(r -> r.id().value()).containsExactly("r-surgery-checkup");
        assertThat(outcome.annaHistory()).extracting(r -> r.status().name()).containsExactly("CANCELLED", "COMPLETED");
        assertThat(outcome.auditEvents()).isGreaterThan(20);
        assertThat(outcome.accessLog())
                .as("the patient sees the publications and the logins")
                .contains(AccessLogEntry.Kind.DOCUMENT_PUBLISHED, AccessLogEntry.Kind.LOGIN);
        assertThat(outcome.chainIntact()).isTrue();
    }

    @Test
    @DisplayName("the tour's output tells each step, including the refusals")
    void outputTellsTheStory() {
        String out = OUT.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .contains(
                        "1. Staff grant portal access",
                        "2. Staff upload documents",
                        "3. Patients log in",
                        "4. The patient uses the portal",
                        "5. What the clinic sees");
        assertThat(out)
                .contains("refused by policy 'reservation.self-booking-off'")
                .contains("refused by policy 'reservation.cancel-notice'")
                .contains("Opening another patient's document by its id: not found")
                .contains("Typing a wrong SMS code: refused, WRONG_CODE (4 attempts left)")
                .contains("0 codes sent")
                .contains("Using the session after logout: refused, INVALID_SESSION")
                .doesNotContain("unexpected");
    }
}
