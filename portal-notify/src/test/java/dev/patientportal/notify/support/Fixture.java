package dev.patientportal.notify.support;

import dev.patientportal.core.EmailAddress;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PhoneNumber;
import dev.patientportal.core.TajNumber;
import dev.patientportal.notify.InstitutionSettings;
import dev.patientportal.notify.PortalNotifier;
import dev.patientportal.notify.RetryPolicy;
import dev.patientportal.notify.spi.DeviceRegistry;
import dev.patientportal.notify.spi.SmsUsageLedger;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import dev.patientportal.testkit.MutableClock;
import dev.patientportal.testkit.RecordingAuditSink;
import dev.patientportal.testkit.RecordingEventListener;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A notifier wired to recording channels and in-memory stores, with a patient whose record is full of PHI. */
public final class Fixture {
    public static final InstitutionId CLINIC = InstitutionId.of("clinic-1");
    public static final String APP = "clinic-app";
    public static final String INSTITUTION_NAME = "Szent Rókus Klinika";
    /** Personal data of the sample patients and documents; none of it may reach a message, a log or a report. */
    public static final List<String> PHI = List.of(
            "Erzsébet",
            "Kovácsné",
            "erzsebet.kovacs@example.test",
            "+36201234567",
            "36201234567",
            "20 123 4567",
            "123456788",
            "Kossuth Lajos utca",
            "1975",
            "LAB_RESULT",
            "vérkép",
            "blood-count",
            "Dr. Nagy");

    public final MutableClock clock = MutableClock.at(Instant.parse("2026-11-30T09:00:00Z"));
    public final InMemoryPatientDirectory patients = new InMemoryPatientDirectory();
    public final Recording.Email email = new Recording.Email();
    public final Recording.Sms sms = new Recording.Sms();
    public final Recording.Push push = new Recording.Push();
    public final DeviceRegistry devices = DeviceRegistry.inMemory();
    public final SmsUsageLedger ledger = SmsUsageLedger.inMemory();
    public final RecordingAuditSink audit = new RecordingAuditSink();
    public final RecordingEventListener events = new RecordingEventListener();

    public static InstitutionSettings.Builder settings() {
        return InstitutionSettings.builder(INSTITUTION_NAME, URI.create("https://portal.example.org/"))
                .defaultLocale(Locale.forLanguageTag("hu"))
                .zone(ZoneId.of("Europe/Budapest"))
                .pushApp(APP);
    }

    /** A builder with every channel, tiny retry delays and the given settings. */
    public PortalNotifier.Builder notifier(InstitutionSettings settings) {
        return PortalNotifier.builder()
                .patientDirectory(patients)
                .institution(CLINIC, settings)
                .email(email)
                .sms(sms)
                .push(push)
                .devices(devices)
                .smsUsage(ledger)
                .audit(audit)
                .events(events)
                .smsPricePerSegment(new BigDecimal("0.05"))
                .retry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)))
                .clock(clock);
    }

    public PortalNotifier notifier() {
        return notifier(settings().build()).build();
    }

    /** Adds a patient with a full record in the given language; e-mail and phone may be left out. */
    public PatientProfile patient(PatientId id, Locale locale, boolean withEmail, @Nullable PhoneNumber phone) {
        return patients.put(new PatientProfile(
                CLINIC,
                id,
                "Erzsébet",
                "Kovácsné Szabó",
                LocalDate.of(1975, 4, 12),
                withEmail ? EmailAddress.parse("erzsebet.kovacs@example.test") : null,
                phone,
                new TajNumber("123456788"),
                "Kossuth Lajos utca 1, Budapest",
                locale));
    }

    public PatientProfile patient(PatientId id, Locale locale) {
        return patient(id, locale, true, new PhoneNumber("+36201234567"));
    }

    public static NotificationIntent intent(NotificationIntent.Type type, PatientId patient, boolean sms) {
        Map<String, String> attributes = type.name().startsWith("RESERVATION")
                ? Map.of(NotificationIntent.STARTS_AT, "2026-12-03T09:30:00Z")
                : Map.of();
        return new NotificationIntent(
                UUID.randomUUID(),
                type,
                CLINIC,
                patient,
                type == NotificationIntent.Type.ACCESS_GRANTED ? null : "subject-42",
                sms,
                Instant.parse("2026-11-30T09:00:00Z"),
                attributes);
    }
}
