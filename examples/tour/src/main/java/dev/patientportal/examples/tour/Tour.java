package dev.patientportal.examples.tour;

import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.CodeKeyring;
import dev.patientportal.auth.EmailAndPhone;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.PortalLogin;
import dev.patientportal.auth.TajAndPhone;
import dev.patientportal.auth.VerifyResult;
import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessLogEntry;
import dev.patientportal.core.AccessLogFilter;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuditChainSettings;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuditKeyring;
import dev.patientportal.core.AuditVerification;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentContent;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.EmailAddress;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientPortal;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PatientView;
import dev.patientportal.core.PhoneNumber;
import dev.patientportal.core.PolicyViolationException;
import dev.patientportal.core.PortalException;
import dev.patientportal.core.RequestContext;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.ReservationId;
import dev.patientportal.core.ReservationPolicy;
import dev.patientportal.core.ReservationStatus;
import dev.patientportal.core.ServiceRules;
import dev.patientportal.core.ServiceTypeId;
import dev.patientportal.core.Slot;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.SlotQuery;
import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.StaffPermission;
import dev.patientportal.core.TajNumber;
import dev.patientportal.core.ValidationException;
import dev.patientportal.jpa.JpaPortal;
import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.InstitutionSettings;
import dev.patientportal.notify.spi.PushToken;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import dev.patientportal.testkit.InMemoryScheduling;
import dev.patientportal.testkit.RecordingEventListener;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Walks the portal's flows as the original description tells them: staff grant access with each method, publish
 * documents, and a patient logs in and uses the portal. Runs on one embedded H2 database through {@link JpaPortal}, the
 * SDK's one entry point, with the host's side (patient records, scheduling) from the testkit and channels that print
 * instead of sending; no container, no network.
 */
public final class Tour {
    static final InstitutionId CLINIC = InstitutionId.of("clinica-demo");
    static final PatientId ANNA = PatientId.of("p-1001");
    static final PatientId BELA = PatientId.of("p-1002");
    static final PatientId CARLA = PatientId.of("p-1003");
    static final PatientId DENES = PatientId.of("p-1004");
    static final ServiceTypeId CONSULTATION = ServiceTypeId.of("CONSULTATION");
    static final ServiceTypeId SURGERY = ServiceTypeId.of("SURGERY");
    private static final ZoneId BUDAPEST = ZoneId.of("Europe/Budapest");
    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("(?<!\\d)(\\d{6})(?!\\d)");
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH).withZone(ZoneId.of("Europe/Budapest"));

    private final PrintStream out;
    private final Clock clock;
    private final InMemoryPatientDirectory patients = new InMemoryPatientDirectory();
    private final InMemoryScheduling scheduling = new InMemoryScheduling();
    /** The clinic's database: embedded H2, migrated with the SDK's Flyway scripts, mapped by Hibernate. */
    private final JdbcDataSource database;
    /** What the clinic's channels "sent": the tour prints it instead of talking to SMTP, Twilio and FCM. */
    private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());

    private final List<String> sentMessages = new ArrayList<>();
    private final List<String> smsTexts = Collections.synchronizedList(new ArrayList<>());
    /** The login codes as they arrived, by channel, read from the messages as a patient reads them. */
    private final Map<String, String> lastCode = new java.util.concurrent.ConcurrentHashMap<>();

    private final List<String> codesSent = Collections.synchronizedList(new ArrayList<>());
    private final RecordingEventListener events = new RecordingEventListener();
    /** Everything of the SDK, wired in one go on the database. */
    private final JpaPortal jpaPortal;

    private final PatientPortal portal;
    private final PortalLogin login;

    /** What the tour saw, for its test. */
    record Outcome(
            List<DocumentId> annaSaw,
            DocumentId annasVisible,
            DocumentId annasHidden,
            DocumentId carlasDocument,
            List<Reservation> annaActive,
            List<Reservation> annaHistory,
            int auditEvents,
            List<String> messages,
            List<String> codesSent,
            List<AccessLogEntry.Kind> accessLog,
            boolean chainIntact) {}

    Tour(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
        this.database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:tour-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        database.setUser("sa");
        // portal-notify renders and "sends" every message through the printing channels below; a host plugs in
        // JakartaMailChannel, TwilioSmsChannel and FirebasePushChannel instead.
        this.jpaPortal = JpaPortal.builder()
                .dataSource(database) // migrated by Flyway, mapped by Hibernate
                .jpaProperty("hibernate.hbm2ddl.auto", "validate") // the mappings must match the migrated schema
                .patientDirectory(patients)
                .scheduling(scheduling)
                .institution(
                        CLINIC,
                        InstitutionSettings.builder("Clínica Demo", URI.create("https://portal.clinica-demo.example"))
                                .defaultLocale(Locale.forLanguageTag("hu"))
                                .zone(BUDAPEST)
                                .pushApp("clinica-demo-app")
                                .build())
                .email(m -> {
                    keepCode("E-MAIL", m.text());
                    return sent(
                            "E-MAIL", m.subject() + "\n" + m.text(), DeliveryResult.sent("mail-" + delivered.size()));
                })
                .sms(m -> {
                    smsTexts.add(m.text());
                    keepCode("SMS", m.text());
                    return sent(
                            "SMS",
                            m.text() + "\n[" + m.segments().encoding() + ", "
                                    + m.segments().segments() + " segment(s)]",
                            DeliveryResult.sent("sms-" + delivered.size()));
                })
                .push((m, tokens) -> {
                    shown("PUSH", m.title() + " / " + m.body() + " " + m.data());
                    return tokens.stream()
                            .map(t -> DeliveryResult.sent("push-" + delivered.size()))
                            .toList();
                })
                .keys(CodeKeyring.random())
                .auditChain(AuditChainSettings.of(AuditKeyring.random())) // a cluster reads the audit keys too
                .singleNode() // a demo on one node; a cluster reads one key ring for all
                .smsPricePerSegment(new BigDecimal("0.05"))
                .reservationPolicy(ReservationPolicy.builder()
                        .maxActiveBookings(2)
                        .service(SURGERY, new ServiceRules(false, Duration.ofDays(3), Duration.ofDays(2)))
                        .build())
                .eventListener(events)
                .clock(clock)
                .codeDelivery(Runnable::run) // demo only: send on the calling thread, so the code is there at once
                .deferStart() // the tour drains the outbox itself, to print in order
                .build();
        this.portal = jpaPortal.portal();
        this.login = jpaPortal.login();
    }

    /**
     * Runs the tour, printing to standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Tour tour = new Tour(out, Clock.systemUTC());
        try {
            tour.run();
        } finally {
            tour.close();
        }
    }

    static {
        // Hibernate logs through JBoss Logging; send it to SLF4J like the rest (simplelogger.properties sets levels).
        System.setProperty("org.jboss.logging.provider", "slf4j");
    }

    void close() {
        jpaPortal.close();
    }

    Outcome run() {
        say(
                "The clinic's database: embedded H2, migrated by the SDK's Flyway scripts, mapped by Hibernate (portal-jpa).");
        say(
                "Notifications: stored in the outbox with each change, delivered by the outbox dispatcher (portal-notify).");
        seed();
        Staff desk =
                Staff.of(CLINIC, StaffId.of("staff-7"), StaffPermission.GRANT_ACCESS, StaffPermission.UPLOAD_DOCUMENTS);

        title("1. Staff grant portal access (patient card > Patient Portal tab)");
        AccessGrant anna = portal.administration(desk).grant(ANNA, AccessMethod.EMAIL_AND_PHONE, true);
        say(
                "Patient %s: %s, SMS notifications %s (grant version %d)",
                ANNA, anna.method(), anna.smsNotifications() ? "on" : "off", anna.version());
        AccessGrant bela = portal.administration(desk).grant(BELA, AccessMethod.TAJ_AND_PHONE, false);
        say("Patient %s: %s, SMS notifications %s", BELA, bela.method(), bela.smsNotifications() ? "on" : "off");
        tryIt(
                "Granting TAJ + phone to a patient whose record has only a landline",
                () -> portal.administration(desk).grant(DENES, AccessMethod.TAJ_AND_PHONE, false));
        tryIt(
                "A receptionist without the grant permission tries the same",
                () -> portal.administration(Staff.of(CLINIC, StaffId.of("staff-9")))
                        .grant(CARLA, AccessMethod.TAJ_AND_PHONE, false));
        showDelivered("Welcome messages (e-mail only, no secret in them)");

        title("2. Staff upload documents (patient card > Documents tab)");
        Document visible = portal.documents(desk)
                .publish(DocumentUpload.builder(ANNA, DocumentType.of("LAB_RESULT"))
                        .fileName("blood-count-2026.pdf")
                        .content(SamplePdf.bytes("Blood count"))
                        .patientAccess(true)
                        .notifyPatient(true)
                        .build());
        say(
                "Published a lab result for %s: %s, %s, %d bytes, sha256 %s...",
                ANNA,
                visible.state(),
                visible.mediaType(),
                visible.sizeBytes(),
                visible.sha256().substring(0, 12));
        Document hidden = portal.documents(desk)
                .publish(DocumentUpload.builder(ANNA, DocumentType.of("INTERNAL_NOTE"))
                        .fileName("internal-note.pdf")
                        .content(SamplePdf.bytes("Internal note"))
                        .patientAccess(false)
                        .notifyPatient(false)
                        .build());
        say("Published an internal note for %s: %s (patient access: no)", ANNA, hidden.state());
        Document carlas = portal.documents(desk)
                .publish(DocumentUpload.builder(CARLA, DocumentType.of("LAB_RESULT"))
                        .fileName("x-ray.pdf")
                        .content(SamplePdf.bytes("X-ray report"))
                        .patientAccess(true)
                        .build());
        say("Published a report for another patient, %s: %s", CARLA, carlas.state());
        tryIt(
                "Uploading an HTML file disguised as a PDF",
                () -> portal.documents(desk)
                        .publish(DocumentUpload.builder(ANNA, DocumentType.of("LAB_RESULT"))
                                .fileName("result.pdf")
                                .declaredMediaType("application/pdf")
                                .content("<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8))
                                .patientAccess(true)
                                .build()));
        showDelivered("Notified about the new lab result (e-mail always; push: a device is registered; SMS: enabled)");

        title("3. Patients log in");
        RequestContext browser = new RequestContext("203.0.113.7", "tour/1.0", Locale.ENGLISH);
        delivered.clear();
        Challenge tajLogin = login.start(new TajAndPhone(CLINIC, "123-456-788", "06 30 765 4321"), browser);
        say(
                "%s types TAJ + phone: a challenge with factors %s, valid until %s",
                BELA, tajLogin.factors(), WHEN.format(tajLogin.expiresAt()));
        tryIt("Typing a wrong SMS code", () -> login.verify(tajLogin, Factor.SMS, "000000", browser));
        VerifyResult belaIn = login.verify(tajLogin, Factor.SMS, code("SMS"), browser);
        say(
                "The right SMS code: logged in, session until %s at the latest",
                WHEN.format(belaIn.session().orElseThrow().absoluteExpiresAt()));
        login.logout(belaIn.session().orElseThrow().token(), browser);

        int sentBefore = codesSent.size();
        Challenge decoy = login.start(new TajAndPhone(CLINIC, "037193289", "+36 20 999 8888"), browser);
        say(
                "Someone types a TAJ + phone that has no access: the same kind of answer (%s), %d codes sent",
                decoy.factors(), codesSent.size() - sentBefore);

        Challenge twoFactors =
                login.start(new EmailAndPhone(CLINIC, " Anna.Kovacs@Example.HU ", "+36 20 123 4567"), browser);
        say("%s types e-mail + phone: a challenge with factors %s", ANNA, twoFactors.factors());
        VerifyResult half = login.verify(twoFactors, Factor.EMAIL, code("E-MAIL"), browser);
        say("E-mail code verified; still to verify: %s", half.remaining());
        VerifyResult annaIn = login.verify(twoFactors, Factor.SMS, code("SMS"), browser);
        String token = annaIn.session().orElseThrow().token();
        PatientView me = portal.patient(token, browser);
        say("SMS code verified: logged in as patient %s", me.session().patient());
        showDelivered("The login codes as the patients received them");

        title("4. The patient uses the portal");
        PatientProfile profile = me.profile();
        say(
                "Personal data, as on the clinic's record: %s %s, born %s, locale %s",
                profile.givenName(), profile.familyName(), profile.birthDate(), profile.locale());

        List<Document> docs = me.documents(DocumentFilter.firstPage()).items();
        say("Documents the patient sees: %d", docs.size());
        for (Document d : docs) {
            say("  - %s, %s, %s", d.type(), d.mediaType(), d.fileName());
        }
        try (DocumentContent content = me.openDocument(visible.id())) {
            say("Opened %s: %d bytes", content.document().type(), content.readAllBytes().length);
        }
        tryIt("Opening the hidden internal note by its id", () -> me.openDocument(hidden.id()));
        tryIt("Opening another patient's document by its id", () -> me.openDocument(carlas.id()));

        say("Active reservations: %s", describe(me.reservations()));
        say("History: %s", describe(me.history()));

        Instant now = clock.instant();
        List<Slot> slots = me.availableSlots(SlotQuery.of(CONSULTATION, now, now.plus(Duration.ofDays(14))));
        say(
                "Free consultation slots in the next two weeks: %d, first %s",
                slots.size(), WHEN.format(slots.get(0).start()));
        Reservation booked = me.book(slots.get(0).id(), "req-42");
        say("Booked %s at %s", booked.id(), WHEN.format(booked.start()));
        Reservation again = me.book(slots.get(0).id(), "req-42");
        say("The same request retried (a double click): same reservation %s, nothing booked twice", again.id());
        tryIt(
                "Booking surgery in the portal (self-booking is off for it)",
                () -> me.book(SlotId.of("surgery-1"), "req-43"));
        Reservation moved = me.reschedule(booked.id(), slots.get(1).id());
        say("Rescheduled to %s", WHEN.format(moved.start()));
        tryIt(
                "Cancelling tomorrow's surgery check-up (2 days' notice needed)",
                () -> me.cancel(ReservationId.of("r-surgery-checkup")));
        Reservation cancelled = me.cancel(moved.id());
        say("Cancelled %s: %s", cancelled.id(), cancelled.status());
        showDelivered("Confirmations of the booking, the change and the cancellation");

        List<Reservation> active = me.reservations();
        List<Reservation> history = me.history();
        say("Active reservations now: %s", describe(active));
        say("History now: %s", describe(history));

        List<AccessLogEntry> accessLog =
                me.accessLog(AccessLogFilter.firstPage()).items();
        say("Who accessed %s's record (the patient's access log, newest first):", ANNA);
        for (AccessLogEntry e : accessLog) {
            say(
                    "  %s  %-18s %s%s",
                    WHEN.format(e.at()),
                    e.kind(),
                    e.accessor().name(),
                    e.clientHint() == null ? "" : " from " + e.clientHint());
        }

        login.logout(token, browser);
        tryIt("Using the session after logout", () -> portal.patient(token, browser));

        title("5. What the clinic sees");
        var usage = jpaPortal
                .transactions()
                .inTransaction(() -> jpaPortal.notifier().smsUsage(CLINIC, YearMonth.now(clock.withZone(BUDAPEST))));
        say(
                "SMS this month: %d messages, %d segments, cost %s (at 0.05 a segment)",
                usage.messages(), usage.segments(), usage.cost());
        String first = smsTexts.get(0);
        String plain = dev.patientportal.notify.GsmTransliterator.transliterate(first);
        say(
                "With smsTransliteration(true) the first SMS would be GSM-7: %d segment(s) instead of %d (\"%s\")",
                dev.patientportal.notify.SmsSegments.count(plain).segments(),
                dev.patientportal.notify.SmsSegments.count(first).segments(),
                plain);
        say(
                "Events for the front desk: %s",
                events.events().stream().map(e -> e.type().name()).collect(Collectors.joining(", ")));
        Map<String, Long> audit = auditTrail();
        long auditEvents = audit.values().stream().mapToLong(Long::longValue).sum();
        say("Audit trail in the database (%d events, no personal data in any):", auditEvents);
        audit.forEach((k, v) -> say("  %-36s %d", k, v));
        AuditVerification chain = jpaPortal.auditVerifier().verify(CLINIC);
        say(
                "Audit chain of %s: %s, %d events verified link by link (events %d to %d)",
                CLINIC,
                chain.isIntact() ? "intact" : "BROKEN at " + chain.firstBreak(),
                chain.verified(),
                chain.firstSequence(),
                chain.lastSequence());

        return new Outcome(
                docs.stream().map(Document::id).toList(),
                visible.id(),
                hidden.id(),
                carlas.id(),
                active,
                history,
                (int) auditEvents,
                List.copyOf(sentMessages),
                List.copyOf(codesSent),
                accessLog.stream().map(AccessLogEntry::kind).toList(),
                chain.isIntact());
    }

    private void seed() {
        Locale hu = Locale.forLanguageTag("hu-HU");
        patients.put(new PatientProfile(
                CLINIC,
                ANNA,
                "Anna",
                "Kovács",
                LocalDate.of(1984, 5, 17),
                EmailAddress.parse("anna.kovacs@example.hu"),
                PhoneNumber.parse("+36 20 123 4567"),
                null,
                "Budapest, Fő utca 1.",
                Locale.ENGLISH));
        patients.put(new PatientProfile(
                CLINIC,
                BELA,
                "Béla",
                "Nagy",
                LocalDate.of(1950, 11, 3),
                null,
                PhoneNumber.parse("06 30 765 4321"),
                TajNumber.parse("123 456 788"),
                null,
                hu));
        patients.put(new PatientProfile(
                CLINIC,
                CARLA,
                "Carla",
                "Gómez",
                LocalDate.of(1991, 2, 8),
                EmailAddress.parse("carla.gomez@example.es"),
                PhoneNumber.parse("+34 612 345 678"),
                TajNumber.parse("037193289"),
                null,
                Locale.forLanguageTag("es-ES")));
        patients.put(new PatientProfile(
                CLINIC,
                DENES,
                "Dénes",
                "Szabó",
                LocalDate.of(1962, 7, 21),
                null,
                PhoneNumber.parse("+36 1 234 5678"),
                TajNumber.parse("037193289"),
                null,
                hu));

        // The clinic's mobile app registers Anna's phone for push messages.
        jpaPortal
                .transactions()
                .useTransaction(() -> jpaPortal
                        .devices()
                        .register(CLINIC, ANNA, "clinica-demo-app", PushToken.of("demo-device-token-anna")));

        ZoneId budapest = BUDAPEST;
        Instant start = clock.instant()
                .atZone(budapest)
                .toLocalDate()
                .plusDays(2)
                .atTime(9, 0)
                .atZone(budapest)
                .toInstant();
        for (int i = 0; i < 6; i++) {
            Instant at = start.plus(Duration.ofMinutes(i * 90L));
            scheduling.addSlot(
                    CLINIC, new Slot(SlotId.of("consult-" + i), CONSULTATION, at, at.plus(Duration.ofMinutes(30))));
        }
        Instant surgery = start.plus(Duration.ofDays(5));
        scheduling.addSlot(
                CLINIC, new Slot(SlotId.of("surgery-1"), SURGERY, surgery, surgery.plus(Duration.ofHours(2))));
        Instant past = start.minus(Duration.ofDays(32));
        scheduling.addReservation(new Reservation(
                ReservationId.of("r-past-1"),
                CLINIC,
                ANNA,
                CONSULTATION,
                SlotId.of("old-1"),
                past,
                past.plus(Duration.ofMinutes(30)),
                ReservationStatus.COMPLETED));
        Instant tomorrow = start.minus(Duration.ofDays(1)).plus(Duration.ofHours(2));
        scheduling.addReservation(new Reservation(
                ReservationId.of("r-surgery-checkup"),
                CLINIC,
                ANNA,
                SURGERY,
                SlotId.of("checkup-1"),
                tomorrow,
                tomorrow.plus(Duration.ofMinutes(20)),
                ReservationStatus.BOOKED));
    }

    private DeliveryResult sent(String channel, String text, DeliveryResult result) {
        shown(channel, text);
        return result;
    }

    private void shown(String channel, String text) {
        delivered.add(channel + ": " + text.replace("\n", "\n        "));
    }

    private void showDelivered(String heading) {
        // A host lets the dispatcher's own threads deliver (build() starts them); the tour drains it to print in order.
        jpaPortal.dispatcher().drainOnce();
        say("%s:", heading);
        synchronized (delivered) {
            delivered.forEach(line -> say("    %s", line));
            sentMessages.addAll(delivered);
            delivered.clear();
        }
    }

    private String code(String channel) {
        return Objects.requireNonNull(lastCode.get(channel), "no code came by " + channel);
    }

    /** Notes the code a login-code message carries: six digits on their own, as the patient would read them. */
    private void keepCode(String channel, String text) {
        java.util.regex.Matcher m = CODE.matcher(text);
        if (m.find()) {
            lastCode.put(channel, m.group(1));
            codesSent.add(m.group(1));
        }
    }

    /** The audit trail as the clinic's database holds it: events counted by action and outcome. */
    private Map<String, Long> auditTrail() {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = database.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT action, outcome, COUNT(*) FROM portal_audit_event" + " GROUP BY action, outcome")) {
            while (rs.next()) {
                counts.put(rs.getString(1) + " " + rs.getString(2), rs.getLong(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the audit trail failed", e);
        }
        return counts;
    }

    private String describe(List<Reservation> reservations) {
        if (reservations.isEmpty()) {
            return "none";
        }
        return reservations.stream()
                .map(r -> r.serviceType() + " " + WHEN.format(r.start()) + " " + r.status())
                .collect(Collectors.joining("; "));
    }

    private void tryIt(String what, Runnable action) {
        try {
            action.run();
            say("%s: allowed (unexpected!)", what);
        } catch (ValidationException e) {
            say("%s: refused, %s (field '%s')", what, e.getMessage(), e.field());
        } catch (PolicyViolationException e) {
            say("%s: refused by policy '%s'", what, e.rule());
        } catch (NotFoundException e) {
            say("%s: not found (a foreign id looks exactly like a missing one)", what);
        } catch (AuthenticationException e) {
            say(
                    "%s: refused, %s%s",
                    what, e.reason(), e.attemptsLeft() >= 0 ? " (" + e.attemptsLeft() + " attempts left)" : "");
        } catch (PortalException e) {
            say("%s: refused, %s: %s", what, e.getClass().getSimpleName(), e.getMessage());
        }
    }

    private void title(String text) {
        out.println();
        out.println(text);
        out.println("-".repeat(text.length()));
    }

    private void say(String format, @org.jspecify.annotations.Nullable Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
    }

    static long count(List<AuditEvent> events, String action) {
        return events.stream().filter(e -> e.action().equals(action)).count();
    }
}
