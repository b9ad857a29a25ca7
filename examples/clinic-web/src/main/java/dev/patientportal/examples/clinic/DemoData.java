package dev.patientportal.examples.clinic;

import dev.patientportal.core.AccessAdministration;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.DocumentAdministration;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.EmailAddress;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientPortal;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PhoneNumber;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.ReservationId;
import dev.patientportal.core.ReservationStatus;
import dev.patientportal.core.ServiceTypeId;
import dev.patientportal.core.Slot;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.StaffPermission;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import dev.patientportal.testkit.InMemoryScheduling;
import dev.patientportal.testkit.TestPatients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The demo's data, seeded at start: five obviously fake patients, a week of free slots across three services (one of
 * them not self-bookable), documents (one hidden), and one patient with past reservations. The portal's own tables
 * (grants, documents) are seeded only when empty, so a restart on PostgreSQL does not duplicate them.
 */
@Component
public class DemoData implements ApplicationRunner {
    /** Anna: e-mail + phone access, documents (one hidden), history and a front-desk booking. */
    public static final PatientId ANNA = PatientId.of("p-1001");

    /** Bence: no access yet. */
    public static final PatientId BENCE = PatientId.of("p-1002");

    /** Carmen: no access yet, Spanish. */
    public static final PatientId CARMEN = PatientId.of("p-1003");

    /** David: no e-mail on record, so only TAJ + phone can be granted. */
    public static final PatientId DAVID = PatientId.of("p-1004");

    /** Elek: TAJ + phone access. */
    public static final PatientId ELEK = PatientId.of("p-1005");

    /** The file name of Anna's hidden document. */
    public static final String HIDDEN_FILE = "internal-note-draft.pdf";

    /** A minimal valid PDF, the content of every seeded document. */
    public static final byte[] PDF = """
            %PDF-1.4
            1 0 obj
            << /Type /Catalog /Pages 2 0 R >>
            endobj
            2 0 obj
            << /Type /Pages /Kids [] /Count 0 >>
            endobj
            trailer
            << /Root 1 0 R >>
            %%EOF
            """.getBytes(StandardCharsets.US_ASCII);

    private static final ZoneId ZONE = ZoneId.of("Europe/Budapest");

    private final PatientPortal portal;
    private final InMemoryPatientDirectory patients;
    private final InMemoryScheduling scheduling;
    private final List<PatientId> ids = List.of(ANNA, BENCE, CARMEN, DAVID, ELEK);

    /**
     * Creates the seeder.
     *
     * @param portal the portal
     * @param patients the clinic's records
     * @param scheduling the clinic's calendar
     */
    public DemoData(PatientPortal portal, InMemoryPatientDirectory patients, InMemoryScheduling scheduling) {
        this.portal = portal;
        this.patients = patients;
        this.scheduling = scheduling;
    }

    /**
     * The clinic's patients, in the list's order.
     *
     * @return the ids
     */
    public List<PatientId> patientIds() {
        return ids;
    }

    @Override
    public void run(ApplicationArguments args) {
        put(
                ANNA,
                "Anna",
                "Próba",
                LocalDate.of(1985, 3, 14),
                "anna.proba@example.test",
                "+36301110001",
                11100011,
                "Minta utca 1, 1234 Példaváros",
                "hu");
        put(
                BENCE,
                "Bence",
                "Teszt",
                LocalDate.of(1990, 7, 2),
                "bence.teszt@example.test",
                "+36301110002",
                11100022,
                "Próba tér 2, 1234 Példaváros",
                "hu");
        put(
                CARMEN,
                "Carmen",
                "Ejemplo",
                LocalDate.of(1978, 11, 23),
                "carmen.ejemplo@example.test",
                "+36301110003",
                11100033,
                "Calle Falsa 123, 28000 Ejemplo",
                "es");
        put(
                DAVID,
                "David",
                "Example",
                LocalDate.of(2001, 1, 9),
                null,
                "+36301110004",
                11100044,
                "1 Sample Road, Exampleton",
                "en");
        put(
                ELEK,
                "Elek",
                "Minta",
                LocalDate.of(1969, 5, 30),
                "elek.minta@example.test",
                "+36301110005",
                11100055,
                "Kitalált köz 5, 1234 Példaváros",
                "hu");
        slots();
        history();
        Staff seed = new Staff(ClinicWeb.CLINIC, StaffId.of("seed"), EnumSet.allOf(StaffPermission.class));
        AccessAdministration admin = portal.administration(seed);
        if (admin.find(ANNA).isEmpty()) {
            admin.grant(ANNA, AccessMethod.EMAIL_AND_PHONE, true);
        }
        if (admin.find(ELEK).isEmpty()) {
            admin.grant(ELEK, AccessMethod.TAJ_AND_PHONE, false);
        }
        DocumentAdministration documents = portal.documents(seed);
        if (documents.list(ANNA, DocumentFilter.firstPage()).items().isEmpty()) {
            publish(documents, "LAB_RESULT", "blood-count-2026-11.pdf", true);
            publish(documents, "DISCHARGE", "discharge-summary-2026-10.pdf", true);
            publish(documents, "PRESCRIPTION", HIDDEN_FILE, false);
        }
    }

    private void put(
            PatientId id,
            String given,
            String family,
            LocalDate born,
            @Nullable String email,
            String phone,
            long tajSeed,
            String address,
            String lang) {
        patients.put(new PatientProfile(
                ClinicWeb.CLINIC,
                id,
                given,
                family,
                born,
                email == null ? null : EmailAddress.parse(email),
                new PhoneNumber(phone),
                TestPatients.taj(tajSeed),
                address,
                Locale.forLanguageTag(lang)));
    }

    private void publish(DocumentAdministration documents, String type, String fileName, boolean visible) {
        documents.publish(DocumentUpload.builder(ANNA, DocumentType.of(type))
                .fileName(fileName)
                .declaredMediaType("application/pdf")
                .content(PDF)
                .patientAccess(visible)
                .notifyPatient(false)
                .build());
    }

    /** A week of free slots from the day after tomorrow: GP and lab self-bookable, ultrasound at the desk only. */
    private void slots() {
        LocalDate first = LocalDate.now(ZONE).plusDays(2);
        for (int day = 0; day < 7; day++) {
            LocalDate date = first.plusDays(day);
            for (int hour : new int[] {9, 10, 11, 14}) {
                slot(ClinicWeb.GP, date, LocalTime.of(hour, 0), Duration.ofMinutes(30));
            }
            for (int minute : new int[] {0, 30, 60, 90}) {
                slot(ClinicWeb.LAB, date, LocalTime.of(8, 0).plusMinutes(minute), Duration.ofMinutes(15));
            }
            for (int hour : new int[] {13, 15}) {
                slot(ClinicWeb.ULTRASOUND, date, LocalTime.of(hour, 0), Duration.ofMinutes(45));
            }
        }
    }

    private void slot(ServiceTypeId service, LocalDate date, LocalTime time, Duration length) {
        ZonedDateTime start = date.atTime(time).atZone(ZONE);
        String id = "slot-" + service.value().toLowerCase(Locale.ROOT) + "-" + date + "-"
                + time.toString().replace(":", "");
        scheduling.addSlot(
                ClinicWeb.CLINIC,
                new Slot(
                        SlotId.of(id),
                        service,
                        start.toInstant(),
                        start.plus(length).toInstant()));
    }

    /** Anna's past visits, and an ultrasound the front desk booked for her. */
    private void history() {
        LocalDate today = LocalDate.now(ZONE);
        past("r-past-1", ClinicWeb.GP, today.minusDays(60), LocalTime.of(10, 0), ReservationStatus.COMPLETED);
        past("r-past-2", ClinicWeb.LAB, today.minusDays(45), LocalTime.of(8, 30), ReservationStatus.COMPLETED);
        past("r-past-3", ClinicWeb.GP, today.minusDays(20), LocalTime.of(14, 0), ReservationStatus.CANCELLED);
        ZonedDateTime start = today.plusDays(5).atTime(LocalTime.of(11, 0)).atZone(ZONE);
        scheduling.addReservation(new Reservation(
                ReservationId.of("r-desk-1"),
                ClinicWeb.CLINIC,
                ANNA,
                ClinicWeb.ULTRASOUND,
                SlotId.of("slot-ultrasound-desk-1"),
                start.toInstant(),
                start.plusMinutes(45).toInstant(),
                ReservationStatus.BOOKED));
    }

    private void past(String id, ServiceTypeId service, LocalDate date, LocalTime time, ReservationStatus status) {
        ZonedDateTime start = date.atTime(time).atZone(ZONE);
        scheduling.addReservation(new Reservation(
                ReservationId.of(id),
                ClinicWeb.CLINIC,
                ANNA,
                service,
                SlotId.of("slot-past-" + id),
                start.toInstant(),
                start.plusMinutes(30).toInstant(),
                status));
    }
}
