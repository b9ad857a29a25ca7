package dev.patientportal.core;

import dev.patientportal.core.internal.DefaultAccessAdministration;
import dev.patientportal.core.internal.DefaultAuditLog;
import dev.patientportal.core.internal.DefaultDataExport;
import dev.patientportal.core.internal.DefaultDocumentAdministration;
import dev.patientportal.core.internal.DefaultPatientView;
import dev.patientportal.core.internal.PortalContext;
import dev.patientportal.core.spi.Notifier;
import dev.patientportal.core.spi.PatientDirectory;
import dev.patientportal.core.spi.PortalEventListener;
import dev.patientportal.core.spi.PortalStores;
import dev.patientportal.core.spi.ReservationVeto;
import dev.patientportal.core.spi.SchedulingGateway;
import dev.patientportal.core.spi.SessionResolver;
import dev.patientportal.core.spi.StaffDirectory;
import dev.patientportal.core.spi.TransactionRunner;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The entry point: one portal per host application, wired explicitly and immutable once built. Thread-safe.
 *
 * <pre>{@code
 * PatientPortal portal = PatientPortal.builder()
 *         .patientDirectory(hostPatients)       // the host's patient records
 *         .scheduling(hostScheduling)           // the host's booking system
 *         .stores(stores)                       // grants, documents, content, audit (portal-jpa or your own)
 *         .notifications(notifier)              // portal-notify, or portal-jpa's outbox
 *         .sessions(sessionResolver)            // portal-auth
 *         .build();
 *
 * portal.administration(staff).grant(patientId, AccessMethod.TAJ_AND_PHONE, false);
 * portal.documents(staff).publish(upload);
 * List<Reservation> upcoming = portal.patient(sessionToken).reservations();
 * }</pre>
 */
public final class PatientPortal {
    private final PortalContext context;

    private PatientPortal(PortalContext context) {
        this.context = context;
    }

    /**
     * Starts wiring a portal.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The staff facade for access grants.
     *
     * @param staff the acting staff member; each operation checks {@link StaffPermission#GRANT_ACCESS}
     * @return the facade, bound to the staff member's institution
     */
    public AccessAdministration administration(Staff staff) {
        return new DefaultAccessAdministration(context, Objects.requireNonNull(staff, "staff"));
    }

    /**
     * The staff facade for documents.
     *
     * @param staff the acting staff member; each operation checks {@link StaffPermission#UPLOAD_DOCUMENTS}
     * @return the facade, bound to the staff member's institution
     */
    public DocumentAdministration documents(Staff staff) {
        return new DefaultDocumentAdministration(context, Objects.requireNonNull(staff, "staff"));
    }

    /**
     * The staff facade for the audit trail: queries by patient, staff member, action, outcome and time.
     *
     * @param staff the acting staff member; each query checks {@link StaffPermission#VIEW_AUDIT}
     * @return the facade, bound to the staff member's institution
     */
    public AuditLog audit(Staff staff) {
        return new DefaultAuditLog(context, Objects.requireNonNull(staff, "staff"));
    }

    /**
     * The staff facade for data exports: everything the portal holds about a patient (GDPR Art. 15 and 20).
     *
     * @param staff the acting staff member; each export checks {@link StaffPermission#EXPORT_DATA}
     * @return the facade, bound to the staff member's institution
     */
    public DataExport exports(Staff staff) {
        return new DefaultDataExport(context, Objects.requireNonNull(staff, "staff"));
    }

    /**
     * The patient's view for a session token, with no request context.
     *
     * @param sessionToken the token the patient presented
     * @return the view, bound to the session's patient
     * @throws AuthenticationException with {@link AuthenticationException.Reason#INVALID_SESSION} when the token is
     *     unknown, expired or ended
     */
    public PatientView patient(String sessionToken) {
        return patient(sessionToken, RequestContext.none());
    }

    /**
     * The patient's view for a session token.
     *
     * @param sessionToken the token the patient presented
     * @param request what the host knows of the request, for audit
     * @return the view, bound to the session's patient
     * @throws AuthenticationException with {@link AuthenticationException.Reason#INVALID_SESSION} when the token is
     *     unknown, expired or ended
     */
    public PatientView patient(String sessionToken, RequestContext request) {
        return DefaultPatientView.open(context, sessionToken, Objects.requireNonNull(request, "request"));
    }

    /**
     * Returns the clock the portal runs on.
     *
     * @return the clock
     */
    public Clock clock() {
        return context.clock();
    }

    /**
     * Returns what uploads the portal accepts, so that a web layer can refuse a body over the size limit before it
     * reads it.
     *
     * @return the policy
     */
    public DocumentPolicy documentPolicy() {
        return context.documentPolicy();
    }

    /**
     * Wires a {@link PatientPortal}. {@link #build()} checks everything at once and names every missing or conflicting
     * piece. Not thread-safe.
     */
    public static final class Builder {
        private @Nullable PatientDirectory patientDirectory;
        private @Nullable SchedulingGateway scheduling;
        private @Nullable PortalStores stores;
        private @Nullable Notifier notifier;
        private @Nullable SessionResolver sessions;
        private @Nullable TransactionRunner transactions;
        private boolean transactionsGiven;
        private Clock clock = Clock.systemUTC();
        private ReservationPolicy reservationPolicy = ReservationPolicy.defaults();
        private DocumentPolicy documentPolicy = DocumentPolicy.defaults();
        private ReservationVeto veto = ReservationVeto.allowAll();
        private StaffDirectory staffDirectory = StaffDirectory.none();
        private final List<PortalEventListener> listeners = new ArrayList<>();
        private @Nullable PseudonymKey pseudonymKey;
        private boolean singleNode;

        private Builder() {}

        /**
         * Sets the host's patient records. Required.
         *
         * @param directory the records
         * @return this builder
         */
        public Builder patientDirectory(PatientDirectory directory) {
            this.patientDirectory = directory;
            return this;
        }

        /**
         * Sets the host's scheduling system. Required.
         *
         * @param gateway the scheduling system
         * @return this builder
         */
        public Builder scheduling(SchedulingGateway gateway) {
            this.scheduling = gateway;
            return this;
        }

        /**
         * Sets persistence: grants, document metadata, content and audit. Required.
         *
         * @param stores the stores
         * @return this builder
         */
        public Builder stores(PortalStores stores) {
            this.stores = stores;
            return this;
        }

        /**
         * Sets the pseudonym key under which the stores keep their blind indexes (the grant table's active identity):
         * the same on every node, and the same as {@code PortalLogin.Builder#pseudonymKey}, for example
         * {@link PseudonymKey#fromEnvironment PseudonymKey.fromEnvironment("PORTAL_PSEUDONYM_KEY")}. Default: the key
         * the stores carry ({@link PortalStores#pseudonymKey()}), else a {@linkplain PseudonymKey#random random} one;
         * {@link #build()} refuses a random key with stores that need a unit of work (a database) unless
         * {@link #singleNode()} is called.
         *
         * @param key the pseudonym key
         * @return this builder
         */
        public Builder pseudonymKey(PseudonymKey key) {
            this.pseudonymKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /**
         * Says that this host runs exactly one node, so a {@linkplain PseudonymKey#random random} pseudonym key is
         * acceptable with database stores: nobody else needs it. For demos, tests and small single installations.
         *
         * @return this builder
         */
        public Builder singleNode() {
            this.singleNode = true;
            return this;
        }

        /**
         * Sets where notification intents go. Required; pass {@link Notifier#none()} to notify by other means.
         *
         * @param notifier the notifier
         * @return this builder
         */
        public Builder notifications(Notifier notifier) {
            this.notifier = notifier;
            return this;
        }

        /**
         * Sets how session tokens are resolved and ended. Required; {@code portal-auth} provides it.
         *
         * @param resolver the resolver
         * @return this builder
         */
        public Builder sessions(SessionResolver resolver) {
            this.sessions = resolver;
            return this;
        }

        /**
         * Sets how a unit of work runs. Default: the runner the stores carry ({@link PortalStores#transactions()}),
         * else {@link TransactionRunner#direct()}.
         *
         * @param runner the runner
         * @return this builder
         */
        public Builder transactions(TransactionRunner runner) {
            this.transactions = runner;
            this.transactionsGiven = true;
            return this;
        }

        /**
         * Sets the clock. Default: {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Sets the reservation rules. Default: {@link ReservationPolicy#defaults()}.
         *
         * @param policy the rules
         * @return this builder
         */
        public Builder reservationPolicy(ReservationPolicy policy) {
            this.reservationPolicy = policy;
            return this;
        }

        /**
         * Sets what uploads are accepted. Default: {@link DocumentPolicy#defaults()}.
         *
         * @param policy the rules
         * @return this builder
         */
        public Builder documentPolicy(DocumentPolicy policy) {
            this.documentPolicy = policy;
            return this;
        }

        /**
         * Sets a host hook that may refuse reservation changes. Default: allow all.
         *
         * @param veto the hook
         * @return this builder
         */
        public Builder reservationVeto(ReservationVeto veto) {
            this.veto = veto;
            return this;
        }

        /**
         * Sets what patients are shown about staff in their access log. Default: {@link StaffDirectory#none()}, which
         * shows the clinic for every staff access.
         *
         * @param directory the host's staff directory
         * @return this builder
         */
        public Builder staffDirectory(StaffDirectory directory) {
            this.staffDirectory = directory;
            return this;
        }

        /**
         * Adds a listener for portal events; may be called several times.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder eventListener(PortalEventListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the portal.
         *
         * @return the portal
         * @throws IllegalStateException naming every missing piece, and stores that need a unit of work wired with the
         *     direct runner
         */
        public PatientPortal build() {
            List<String> problems = new ArrayList<>();
            if (patientDirectory == null) {
                problems.add("patientDirectory(PatientDirectory) is required");
            }
            if (scheduling == null) {
                problems.add("scheduling(SchedulingGateway) is required");
            }
            if (stores == null) {
                problems.add("stores(PortalStores) is required");
            }
            if (notifier == null) {
                problems.add("notifications(Notifier) is required (use Notifier.none() to notify by other means)");
            }
            if (sessions == null) {
                problems.add("sessions(SessionResolver) is required (portal-auth provides one)");
            }
            if (transactionsGiven && transactions == null) {
                problems.add("transactions(TransactionRunner) must not be null");
            }
            TransactionRunner runner = transactionsGiven
                    ? transactions
                    : stores != null
                            ? stores.transactions().orElse(TransactionRunner.direct())
                            : TransactionRunner.direct();
            if (clock == null) {
                problems.add("clock(Clock) must not be null");
            }
            if (reservationPolicy == null) {
                problems.add("reservationPolicy(ReservationPolicy) must not be null");
            }
            if (documentPolicy == null) {
                problems.add("documentPolicy(DocumentPolicy) must not be null");
            }
            if (veto == null) {
                problems.add("reservationVeto(ReservationVeto) must not be null");
            }
            if (staffDirectory == null) {
                problems.add("staffDirectory(StaffDirectory) must not be null");
            }
            if (stores != null && stores.requiresUnitOfWork() && runner == TransactionRunner.direct()) {
                problems.add("stores(PortalStores) need a unit of work, but transactions(TransactionRunner) is the "
                        + "direct runner: give the host's runner (or portal-jpa's ResourceLocalTransactionRunner)");
            }
            PortalStores keyed = stores;
            if (stores != null) {
                PseudonymKey key = pseudonymKey != null
                        ? pseudonymKey
                        : stores.pseudonymKey().orElse(null);
                if (pseudonymKey != null) {
                    keyed = stores.withPseudonymKey(pseudonymKey);
                }
                if ((key == null || key.isRandom()) && stores.requiresUnitOfWork() && !singleNode) {
                    problems.add(randomPseudonymKey());
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("PatientPortal is not wired: " + String.join("; ", problems));
            }
            // Every null was reported above; the checks below only tell NullAway so.
            return new PatientPortal(new PortalContext(
                    Objects.requireNonNull(patientDirectory),
                    Objects.requireNonNull(scheduling),
                    Objects.requireNonNull(keyed),
                    Objects.requireNonNull(notifier),
                    Objects.requireNonNull(sessions),
                    Objects.requireNonNull(runner),
                    clock,
                    reservationPolicy,
                    documentPolicy,
                    veto,
                    listeners,
                    staffDirectory));
        }

        /**
         * The refusal of a random pseudonym key with database stores.
         *
         * @return the problem
         */
        private static String randomPseudonymKey() {
            return "pseudonymKey(PseudonymKey) is not given or random, but the stores are in a database that other"
                    + " nodes may share, and nodes with different pseudonym keys count lockouts and send limits apart"
                    + " and do not find each other's grants: give every node the same key"
                    + " (PseudonymKey.fromEnvironment(\"PORTAL_PSEUDONYM_KEY\")), or call singleNode() if this host"
                    + " runs one node only";
        }
    }
}
