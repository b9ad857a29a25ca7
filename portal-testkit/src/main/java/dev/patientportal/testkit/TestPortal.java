package dev.patientportal.testkit;

import dev.patientportal.core.DocumentPolicy;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientPortal;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PatientView;
import dev.patientportal.core.ReservationPolicy;
import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.StaffPermission;
import dev.patientportal.core.spi.ReservationVeto;
import dev.patientportal.core.spi.TransactionRunner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A complete {@link PatientPortal} wired from the in-memory pieces of this testkit, with a {@link MutableClock}, and
 * every piece exposed for seeding and assertions.
 *
 * <pre>{@code
 * TestPortal t = TestPortal.builder()
 *         .reservationPolicy(ReservationPolicy.builder().maxActiveBookings(1).build())
 *         .build();
 * InstitutionId clinic = InstitutionId.of("clinic-1");
 * PatientId patient = t.addPatient(clinic, PatientId.of("p-1")).patient();
 * t.portal().administration(t.staff(clinic)).grant(patient, AccessMethod.TAJ_AND_PHONE, false);
 * PatientView me = t.patientView(clinic, patient);
 * }</pre>
 *
 * <p>Thread-safe once built, as its pieces are. Each {@code TestPortal} has its own pieces; nothing is shared between
 * instances.
 */
public final class TestPortal {
    /** Where {@link #clock()} starts unless the builder is given a clock: 2026-03-02T08:00:00Z, a Monday. */
    public static final Instant DEFAULT_START = Instant.parse("2026-03-02T08:00:00Z");

    private final PatientPortal portal;
    private final MutableClock clock;
    private final InMemoryPatientDirectory patients;
    private final InMemoryScheduling scheduling;
    private final InMemoryPortalStores stores;
    private final RecordingNotifier notifier;
    private final InMemorySessions sessions;
    private final RecordingEventListener events;
    private final RecordingCodeSender codes;

    private TestPortal(Builder b) {
        this.clock = b.clock;
        this.patients = new InMemoryPatientDirectory();
        this.scheduling = new InMemoryScheduling();
        this.stores = new InMemoryPortalStores();
        this.notifier = new RecordingNotifier();
        this.sessions = new InMemorySessions();
        this.events = new RecordingEventListener();
        this.codes = new RecordingCodeSender();
        PatientPortal.Builder pb = PatientPortal.builder()
                .patientDirectory(patients)
                .scheduling(scheduling)
                .stores(stores)
                .notifications(notifier)
                .sessions(sessions)
                .clock(clock)
                .transactions(b.transactions)
                .reservationPolicy(b.reservationPolicy)
                .documentPolicy(b.documentPolicy)
                .reservationVeto(b.veto)
                .eventListener(events);
        for (Consumer<PatientPortal.Builder> customizer : b.customizers) {
            customizer.accept(pb);
        }
        this.portal = pb.build();
    }

    /**
     * A portal with default policies and a clock at {@link #DEFAULT_START}.
     *
     * @return the portal and its pieces
     */
    public static TestPortal create() {
        return builder().build();
    }

    /**
     * Starts configuring a test portal.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the portal.
     *
     * @return the portal
     */
    public PatientPortal portal() {
        return portal;
    }

    /**
     * Returns the clock the portal runs on.
     *
     * @return the clock; set or advance it to move the portal's time
     */
    public MutableClock clock() {
        return clock;
    }

    /**
     * Returns the patient records.
     *
     * @return the directory
     */
    public InMemoryPatientDirectory patients() {
        return patients;
    }

    /**
     * Returns the scheduling system.
     *
     * @return slots and reservations
     */
    public InMemoryScheduling scheduling() {
        return scheduling;
    }

    /**
     * Returns the four stores.
     *
     * @return grants, documents, content and audit
     */
    public InMemoryPortalStores stores() {
        return stores;
    }

    /**
     * Returns the grant store.
     *
     * @return the grants
     */
    public InMemoryAccessGrantStore grants() {
        return stores.grants();
    }

    /**
     * Returns the document metadata store.
     *
     * @return the documents
     */
    public InMemoryDocumentStore documents() {
        return stores.documents();
    }

    /**
     * Returns the content store.
     *
     * @return the document bytes
     */
    public InMemoryContentStore content() {
        return stores.content();
    }

    /**
     * Returns the audit sink.
     *
     * @return every audit event
     */
    public RecordingAuditSink audit() {
        return stores.audit();
    }

    /**
     * Returns the notifier.
     *
     * @return every notification intent
     */
    public RecordingNotifier notifier() {
        return notifier;
    }

    /**
     * Returns the session resolver.
     *
     * @return the sessions; {@link InMemorySessions#open} logs a patient in without codes
     */
    public InMemorySessions sessions() {
        return sessions;
    }

    /**
     * Returns the event listener the portal was wired with.
     *
     * @return every portal event
     */
    public RecordingEventListener events() {
        return events;
    }

    /**
     * Returns a code sender for modules that send login codes (such as {@code portal-auth}); the portal itself does not
     * use it.
     *
     * @return the code sender
     */
    public RecordingCodeSender codes() {
        return codes;
    }

    /**
     * Adds a fake but complete patient record (see {@link TestPatients#next}).
     *
     * @param institution the institution
     * @param patient the patient
     * @return the record
     */
    public PatientProfile addPatient(InstitutionId institution, PatientId patient) {
        return patients.put(TestPatients.next(institution, patient));
    }

    /**
     * A staff member of an institution with every permission.
     *
     * @param institution the institution
     * @return the staff member, id {@code staff-1}
     */
    public Staff staff(InstitutionId institution) {
        return Staff.of(institution, StaffId.of("staff-1"), StaffPermission.values());
    }

    /**
     * Opens a session for a patient and the patient's view with it. The patient needs an active grant.
     *
     * @param institution the institution
     * @param patient the patient
     * @return the view
     */
    public PatientView patientView(InstitutionId institution, PatientId patient) {
        return portal.patient(sessions.open(institution, patient));
    }

    /** Configures a {@link TestPortal}. Not thread-safe. */
    public static final class Builder {
        private MutableClock clock = MutableClock.at(DEFAULT_START);
        private TransactionRunner transactions = TransactionRunner.direct();
        private ReservationPolicy reservationPolicy = ReservationPolicy.defaults();
        private DocumentPolicy documentPolicy = DocumentPolicy.defaults();
        private ReservationVeto veto = ReservationVeto.allowAll();
        private final List<Consumer<PatientPortal.Builder>> customizers = new ArrayList<>();

        private Builder() {}

        /**
         * Sets the clock. Default: a {@link MutableClock} at {@link #DEFAULT_START}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(MutableClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the transaction runner. Default: {@link TransactionRunner#direct()}.
         *
         * @param runner the runner
         * @return this builder
         */
        public Builder transactions(TransactionRunner runner) {
            this.transactions = Objects.requireNonNull(runner, "runner");
            return this;
        }

        /**
         * Sets the reservation rules. Default: {@link ReservationPolicy#defaults()}.
         *
         * @param policy the rules
         * @return this builder
         */
        public Builder reservationPolicy(ReservationPolicy policy) {
            this.reservationPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the upload rules. Default: {@link DocumentPolicy#defaults()}.
         *
         * @param policy the rules
         * @return this builder
         */
        public Builder documentPolicy(DocumentPolicy policy) {
            this.documentPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the host's veto hook. Default: allow all.
         *
         * @param veto the hook
         * @return this builder
         */
        public Builder reservationVeto(ReservationVeto veto) {
            this.veto = Objects.requireNonNull(veto, "veto");
            return this;
        }

        /**
         * Adds a step that changes the portal builder after the in-memory pieces are set, for example to add a listener
         * or replace the notifier with a real one.
         *
         * @param customizer the step
         * @return this builder
         */
        public Builder customize(Consumer<PatientPortal.Builder> customizer) {
            this.customizers.add(Objects.requireNonNull(customizer, "customizer"));
            return this;
        }

        /**
         * Builds the portal and its pieces.
         *
         * @return the test portal
         */
        public TestPortal build() {
            return new TestPortal(this);
        }
    }
}
