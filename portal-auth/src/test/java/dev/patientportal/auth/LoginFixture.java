package dev.patientportal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.spi.AuthStores;
import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.CodeMessage;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PatientSession;
import dev.patientportal.core.RequestContext;
import dev.patientportal.core.spi.AccessGrantStore;
import dev.patientportal.core.spi.AuditSink;
import dev.patientportal.core.spi.CodeSender;
import dev.patientportal.core.spi.PatientDirectory;
import dev.patientportal.core.spi.PortalMetricsListener;
import dev.patientportal.core.spi.SessionResolver;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.testkit.MutableClock;
import dev.patientportal.testkit.RecordingAuditSink;
import dev.patientportal.testkit.RecordingCodeSender;
import dev.patientportal.testkit.TestPortal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TestPortal} with a {@link PortalLogin} wired to its grants, patients, audit and recording code sender, codes
 * sent on the calling thread, and the login as the portal's session resolver.
 */
public final class LoginFixture {
    private static final AtomicInteger CLINICS = new AtomicInteger();

    /** The request context of every test request. */
    public static final RequestContext REQUEST = RequestContext.fromAddress("198.51.100.7");

    public final TestPortal t;
    public final PortalLogin login;
    public final AuthStores stores;
    public final InstitutionId clinic = InstitutionId.of("clinic-" + CLINICS.incrementAndGet());
    public final CodeKeyring keys = CodeKeyring.of(ServerKey.random("k1"));

    private LoginFixture(Builder b) {
        Forwarding forwarding = new Forwarding();
        this.t = TestPortal.builder().customize(pb -> pb.sessions(forwarding)).build();
        this.stores = b.stores != null ? b.stores : AuthStores.inMemory();
        AuditSink audit = b.audit.apply(t.audit());
        CodeSender sender = b.sender.apply(t.codes());
        this.login = PortalLogin.builder()
                .grants(b.grants.apply(t.grants()))
                .audit(audit)
                .patientDirectory(b.directory.apply(t.patients()))
                .codeSender(sender)
                .keys(keys)
                .settings(b.settings)
                .stores(stores)
                .transactions(b.transactions)
                .clock(t.clock())
                .codeDelivery(b.delivery)
                .metrics(b.metrics)
                .build();
        forwarding.target = login;
    }

    public static LoginFixture create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public MutableClock clock() {
        return t.clock();
    }

    public RecordingAuditSink audit() {
        return t.audit();
    }

    public RecordingCodeSender codes() {
        return t.codes();
    }

    /** A patient with a record and an active grant of the method. */
    public PatientProfile patientWithGrant(AccessMethod method) {
        PatientProfile p = t.addPatient(clinic, PatientId.of("p-" + CLINICS.incrementAndGet()));
        t.portal().administration(t.staff(clinic)).grant(p.patient(), method, false);
        return p;
    }

    /** A patient with a record and no grant. */
    public PatientProfile patientWithoutGrant() {
        return t.addPatient(clinic, PatientId.of("p-" + CLINICS.incrementAndGet()));
    }

    public AccessGrant grantOf(PatientProfile p) {
        return t.grants().find(clinic, p.patient()).orElseThrow();
    }

    public LoginRequest tajRequest(PatientProfile p) {
        return new TajAndPhone(clinic, p.taj().digits(), p.phone().e164());
    }

    public LoginRequest emailRequest(PatientProfile p) {
        return new EmailAndPhone(clinic, p.email().value(), p.phone().e164());
    }

    public LoginRequest requestFor(PatientProfile p, AccessMethod method) {
        return method == AccessMethod.TAJ_AND_PHONE ? tajRequest(p) : emailRequest(p);
    }

    /** The last code sent to the patient for a factor. */
    public String codeFor(PatientProfile p, Factor factor) {
        List<String> codes = factor == Factor.SMS ? codes().codesFor(p.phone()) : codes().codesFor(p.email());
        assertThat(codes).as("codes sent by " + factor).isNotEmpty();
        return codes.get(codes.size() - 1);
    }

    public Challenge start(LoginRequest request) {
        return login.start(request, REQUEST);
    }

    public VerifyResult verify(Challenge c, Factor f, @Nullable String code) {
        return login.verify(c, f, code, REQUEST);
    }

    /** Logs a patient in with the codes sent, and returns the session. */
    public SessionGrant logIn(PatientProfile p, AccessMethod method) {
        Challenge c = start(requestFor(p, method));
        VerifyResult r = null;
        for (Factor f : c.factors()) {
            r = verify(c, f, codeFor(p, f));
        }
        assertThat(r).isNotNull();
        return r.session().orElseThrow();
    }

    /** A code that is certainly not the one sent. */
    public static String wrong(String code) {
        char last = code.charAt(code.length() - 1);
        return code.substring(0, code.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    }

    /** The failure of a call, which must be an {@link AuthenticationException}. */
    public static AuthenticationException authFailure(ThrowingCallable call) {
        try {
            call.call();
        } catch (AuthenticationException e) {
            return e;
        } catch (Throwable e) {
            throw new AssertionError("expected an AuthenticationException, got " + e, e);
        }
        throw new AssertionError("expected an AuthenticationException, got none");
    }

    /** The number of codes sent on a channel. */
    public long sent(CodeMessage.Channel channel) {
        return codes().messages().stream().filter(m -> m.channel() == channel).count();
    }

    /** Configures a {@link LoginFixture}. */
    public static final class Builder {
        private AuthSettings settings = AuthSettings.defaults();
        private @Nullable AuthStores stores;
        private TransactionRunner transactions = TransactionRunner.direct();
        private UnaryOperator<AuditSink> audit = a -> a;
        private UnaryOperator<CodeSender> sender = s -> s;
        private UnaryOperator<AccessGrantStore> grants = g -> g;
        private UnaryOperator<PatientDirectory> directory = d -> d;
        private Executor delivery = Runnable::run;
        private PortalMetricsListener metrics = PortalMetricsListener.none();

        /** Sets who hears of login outcomes; default: nobody. */
        public Builder metrics(PortalMetricsListener metrics) {
            this.metrics = metrics;
            return this;
        }

        public Builder settings(AuthSettings settings) {
            this.settings = settings;
            return this;
        }

        public Builder stores(AuthStores stores) {
            this.stores = stores;
            return this;
        }

        public Builder transactions(TransactionRunner transactions) {
            this.transactions = transactions;
            return this;
        }

        /** Wraps the recording audit sink. */
        public Builder audit(UnaryOperator<AuditSink> audit) {
            this.audit = audit;
            return this;
        }

        /** Wraps the grant store as the login sees it (the portal keeps the plain one). */
        public Builder grants(UnaryOperator<AccessGrantStore> grants) {
            this.grants = grants;
            return this;
        }

        /** Wraps the recording code sender. */
        public Builder sender(UnaryOperator<CodeSender> sender) {
            this.sender = sender;
            return this;
        }

        /** Wraps the patient records login reads. */
        public Builder directory(UnaryOperator<PatientDirectory> directory) {
            this.directory = directory;
            return this;
        }

        /** Sets the delivery executor; default: the calling thread. */
        public Builder delivery(Executor delivery) {
            this.delivery = delivery;
            return this;
        }

        public LoginFixture build() {
            return new LoginFixture(this);
        }
    }

    private static final class Forwarding implements SessionResolver {
        volatile @Nullable SessionResolver target;

        @Override
        public Optional<PatientSession> resolve(String token) {
            return java.util.Objects.requireNonNull(target).resolve(token);
        }

        @Override
        public void endSessions(InstitutionId institution, PatientId patient) {
            java.util.Objects.requireNonNull(target).endSessions(institution, patient);
        }

        @Override
        public boolean checksActiveGrant() {
            return java.util.Objects.requireNonNull(target).checksActiveGrant();
        }
    }
}
