package dev.patientportal.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentAdministration;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.DocumentPolicy;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.Page;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientView;
import dev.patientportal.core.PortalException;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.ReservationId;
import dev.patientportal.core.ReservationPolicy;
import dev.patientportal.core.ReservationStatus;
import dev.patientportal.core.ServiceTypeId;
import dev.patientportal.core.Slot;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.ValidationException;
import dev.patientportal.testkit.TestPortal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.jspecify.annotations.Nullable;

/**
 * Hostile file names, media types, idempotency keys and cursors through the portal's facades: only a
 * {@link PortalException} escapes, its message and audit details never echo the input, and a refused call leaves
 * every store as it was (no document, no content, no reservation, no notification, no event, no successful audit).
 * Tries: {@code portal.fuzz.tries} per input kind (CI: 10 000).
 */
class FuzzedInputPropertyTest {
    private static final DocumentType LAB = DocumentType.of("LAB_RESULT");
    private static final ServiceTypeId CONSULT = ServiceTypeId.of("CONSULT");
    /**
     * Media types as a host may declare them. A refusal may name the type it detected in the content, which can be
     * one of these: naming a type of the portal's own vocabulary is not echoing the input.
     */
    private static final List<String> KNOWN_TYPES = List.of(
            "application/pdf",
            "image/png",
            "image/jpeg",
            "text/plain",
            "text/html",
            "image/svg+xml",
            "application/octet-stream",
            "APPLICATION/PDF",
            "text/plain; charset=utf-8",
            "application/pdf;x=\"y\"",
            "text/",
            "/pdf",
            "*/*",
            "application/x-msdownload",
            "");

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    // jqwik makes one instance per property: the portal below lives through all tries of one property.
    private final TestPortal t = TestPortal.builder()
            .reservationPolicy(ReservationPolicy.builder()
                    .bookingHorizon(Duration.ofDays(365))
                    .minimumLeadTime(Duration.ofMinutes(1))
                    .maxActiveBookings(1)
                    .build())
            .documentPolicy(DocumentPolicy.builder().maxSizeBytes(64 * 1024).build())
            .build();
    private final InstitutionId clinic = Samples.institution();
    private final PatientId patient = Samples.patient();
    private final DocumentAdministration docs;
    private final PatientView me;
    private @Nullable PortalException lastRefusal;
    private final Map<String, ReservationId> bookedByKey = new HashMap<>();

    FuzzedInputPropertyTest() {
        t.addPatient(clinic, patient);
        t.portal().administration(t.staff(clinic)).grant(patient, AccessMethod.TAJ_AND_PHONE, false);
        docs = t.portal().documents(t.staff(clinic));
        me = t.patientView(clinic, patient);
    }

    /** What a refused call must leave as it was. */
    private record Snapshot(
            List<Document> documents,
            int contents,
            List<Reservation> reservations,
            int intents,
            int events,
            long successes) {}

    private Snapshot snapshot() {
        return new Snapshot(
                t.documents().all(),
                t.content().size(),
                t.scheduling().allReservations(clinic),
                t.notifier().intents().size(),
                t.events().events().size(),
                t.audit().events().stream()
                        .filter(e -> e.outcome() == AuditEvent.Outcome.SUCCESS)
                        .count());
    }

    /**
     * Runs a call; on a refusal checks that it echoes no input and that nothing changed. Returns the result, or
     * {@code null} when refused. Any exception other than a {@link PortalException} escapes and fails the property.
     */
    private <T> @Nullable T callOrRefuse(Supplier<T> call, @Nullable String... inputs) {
        Snapshot before = snapshot();
        int audited = t.audit().events().size();
        lastRefusal = null;
        try {
            return call.get();
        } catch (PortalException refused) {
            lastRefusal = refused;
            for (String input : inputs) {
                if (input != null && input.strip().length() >= 5) {
                    assertThat(refused.getMessage())
                            .as("the message never echoes the input")
                            .doesNotContain(input.strip());
                    t.audit().events().stream()
                            .skip(audited)
                            .forEach(e -> assertThat(e.details().values())
                                    .as("audit details never echo the input")
                                    .noneMatch(v -> v.contains(input.strip())));
                }
            }
            assertThat(snapshot())
                    .as("a refused call leaves everything as it was")
                    .isEqualTo(before);
            return null;
        }
    }

    /** Anything at all, with a bias towards the shapes the checks care about. */
    private static Arbitrary<String> hostile(Arbitrary<String> nearlyValid) {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(80)),
                Tuple.of(4, nearlyValid),
                Tuple.of(1, Arbitraries.strings().ascii().ofMinLength(150).ofMaxLength(600)));
    }

    @Provide
    Arbitrary<String> fileNames() {
        Arbitrary<String> stem = Arbitraries.oneOf(
                Arbitraries.strings()
                        .alpha()
                        .numeric()
                        .withChars(" _-.áőű")
                        .ofMinLength(1)
                        .ofMaxLength(30),
                Arbitraries.of(
                        "CON",
                        "nul",
                        "COM\u00b9",
                        "..",
                        "../../etc/passwd",
                        "a\u202Efdp.exe",
                        "x\u0000y",
                        "e" + "\u0301".repeat(6),
                        ".hidden",
                        "lelet_árvíztűrő"));
        Arbitrary<String> extension = Arbitraries.of(
                "",
                ".pdf",
                ".PDF",
                ".png",
                ".jpg",
                ".txt",
                ".html",
                ".svg",
                ".exe",
                ".pdf.exe",
                ".txt.js",
                ".",
                ".p\u0000df");
        return hostile(Combinators.combine(stem, extension).as(String::concat));
    }

    @Provide
    Arbitrary<@Nullable String> mediaTypes() {
        return hostile(Arbitraries.of(KNOWN_TYPES)).injectNull(0.1);
    }

    @Provide
    Arbitrary<byte[]> contents() {
        return Arbitraries.of(
                Samples.PDF,
                Samples.PNG,
                Samples.HTML,
                Samples.SVG,
                Samples.EXE,
                Samples.PDF_HTML_POLYGLOT,
                "Hemoglobin 140 g/L\n".getBytes(StandardCharsets.UTF_8),
                new byte[0]);
    }

    @Property
    @Label("file names and media types: a stored document with a safe name and an allowed type, or a refusal")
    void fileNamesAndMediaTypes(
            @ForAll("fileNames") String fileName,
            @ForAll("mediaTypes") @Nullable String type,
            @ForAll("contents") byte[] content,
            @ForAll boolean notify) {
        int before = t.documents().all().size();
        Document stored = callOrRefuse(
                () -> docs.publish(DocumentUpload.builder(patient, LAB)
                        .fileName(fileName)
                        .declaredMediaType(type)
                        .content(content)
                        .patientAccess(true)
                        .notifyPatient(notify)
                        .build()),
                fileName,
                type == null || KNOWN_TYPES.contains(type) ? null : type);
        if (stored != null) {
            assertThat(DocumentPolicy.DEFAULT_MEDIA_TYPES).contains(stored.mediaType());
            assertThat(stored.fileName())
                    .isNotBlank()
                    .hasSizeLessThanOrEqualTo(200)
                    .doesNotContain("/", "\\", "\0")
                    .doesNotStartWith(".");
            assertThat(stored.sizeBytes()).isEqualTo(content.length);
            assertThat(t.documents().all()).hasSize(before + 1);
            assertThat(t.content().bytes(clinic, stored.id()))
                    .hasValueSatisfying(b -> assertThat(b).isEqualTo(content));
        }
    }

    @Provide
    Arbitrary<@Nullable String> idempotencyKeys() {
        return hostile(Arbitraries.oneOf(
                        Arbitraries.strings()
                                .alpha()
                                .numeric()
                                .withChars("._:@-")
                                .ofMinLength(1)
                                .ofMaxLength(130),
                        Arbitraries.strings()
                                .withChars("._:@- \t/\\%'\"\u00e1\u0000")
                                .ofMinLength(1)
                                .ofMaxLength(10),
                        Arbitraries.create(() -> UUID.randomUUID().toString())))
                .injectNull(0.01);
    }

    @Property
    @Label("idempotency keys: one reservation per valid key, a replay books nothing, anything else is refused")
    void idempotencyKeys(@ForAll("idempotencyKeys") @Nullable String key) {
        Instant start = t.clock().instant().plus(Duration.ofDays(3));
        Slot slot = t.scheduling()
                .addSlot(
                        clinic,
                        new Slot(
                                SlotId.of("slot-" + UUID.randomUUID()),
                                CONSULT,
                                start,
                                start.plus(Duration.ofMinutes(20))));
        int intents = t.notifier().intents().size();
        Reservation booked = callOrRefuse(() -> me.book(slot.id(), key), key);
        if (key == null || !KEY.matcher(key).matches()) {
            assertThat(lastRefusal)
                    .as("a malformed key is refused")
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.field()).isEqualTo("idempotencyKey"));
            return;
        }
        assertThat(booked).as("a well-formed key books").isNotNull();
        Objects.requireNonNull(booked);
        ReservationId earlier = bookedByKey.putIfAbsent(key, booked.id());
        if (earlier != null) {
            // jqwik drew this key before: a replay of that booking, which books and confirms nothing new
            assertThat(booked.id()).isEqualTo(earlier);
            assertThat(t.scheduling().isFree(clinic, slot.id())).isTrue();
            assertThat(t.notifier().intents()).hasSize(intents);
            return;
        }
        assertThat(booked.slot()).isEqualTo(slot.id());
        assertThat(t.notifier().intents()).hasSize(intents + 1);
        assertThat(callOrRefuse(() -> me.book(slot.id(), key), key))
                .as("a replay")
                .isEqualTo(booked);
        assertThat(t.notifier().intents()).as("a replay confirms nothing again").hasSize(intents + 1);
        // free the patient's only active booking for the next try, as the clinic would
        t.scheduling().setStatus(clinic, booked.id(), ReservationStatus.CANCELLED);
    }

    @Provide
    Arbitrary<String> cursors() {
        Arbitrary<String> raw = Combinators.combine(
                        Arbitraries.oneOf(
                                Arbitraries.of(
                                        "2026-03-02T08:00:00Z",
                                        "2026-03-02T08:00:00.123456789Z",
                                        "+1000000000-12-31T23:59:59Z",
                                        "2026-13-02T08:00:00Z",
                                        "yesterday",
                                        ""),
                                Arbitraries.strings().all().ofMaxLength(30)),
                        Arbitraries.of("|", "||", "", "|\u0000"),
                        Arbitraries.oneOf(
                                Arbitraries.strings()
                                        .alpha()
                                        .numeric()
                                        .withChars("-")
                                        .ofMaxLength(40),
                                Arbitraries.strings().all().ofMaxLength(200)))
                .as((at, bar, id) -> at + bar + id);
        Arbitrary<String> encoded = raw.map(
                r -> Base64.getUrlEncoder().withoutPadding().encodeToString(r.getBytes(StandardCharsets.UTF_8)));
        return hostile(Arbitraries.oneOf(
                encoded,
                encoded.map(c -> c + "="),
                encoded.map(c -> c.replace('-', '+')),
                Arbitraries.strings().withChars("ABCxyz019-_=+/").ofMaxLength(500)));
    }

    @Property
    @Label("cursors: a page of the patient's own visible documents, or a refusal on cursor")
    void cursors(@ForAll("cursors") String cursor) {
        if (t.documents().all().isEmpty()) {
            for (int i = 0; i < 3; i++) {
                docs.publish(DocumentUpload.builder(patient, LAB)
                        .fileName("lelet-" + i + ".pdf")
                        .content(Samples.PDF)
                        .patientAccess(i != 1)
                        .build());
            }
        }
        List<Document> visible = new ArrayList<>(t.documents().all().stream()
                .filter(d -> d.state() == DocumentState.VISIBLE)
                .toList());
        Page<Document> page =
                callOrRefuse(() -> me.documents(DocumentFilter.firstPage().after(cursor)), cursor);
        if (page != null) {
            assertThat(visible).containsAll(page.items());
        }
        Page<Document> staffPage =
                callOrRefuse(() -> docs.list(patient, DocumentFilter.firstPage().after(cursor)), cursor);
        if (staffPage == null) {
            assertThat(lastRefusal)
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.field()).isEqualTo("cursor"));
        }
        assertThat(staffPage == null)
                .as("staff and patient judge a cursor alike")
                .isEqualTo(page == null);
    }
}
