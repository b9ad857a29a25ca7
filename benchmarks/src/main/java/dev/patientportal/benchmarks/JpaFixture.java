package dev.patientportal.benchmarks;

import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.CodeKeyring;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.PortalLogin;
import dev.patientportal.auth.ServerKey;
import dev.patientportal.auth.TajAndPhone;
import dev.patientportal.auth.VerifyResult;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PatientSession;
import dev.patientportal.core.PseudonymKey;
import dev.patientportal.core.RequestContext;
import dev.patientportal.core.spi.SessionResolver;
import dev.patientportal.jpa.JpaAuthStores;
import dev.patientportal.jpa.JpaStores;
import dev.patientportal.jpa.ResourceLocalTransactionRunner;
import dev.patientportal.testkit.RecordingCodeSender;
import dev.patientportal.testkit.TestPortal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The portal and login on portal-jpa's stores (PostgreSQL), wired as portal-jpa's {@code StatementCountTest} wires
 * them: the JPA portal, grant, document and audit stores (the audit numbered under its head row, no chain key), the
 * JPA login stores, every unit of work on the resource-local runner, codes caught by a recording sender. The
 * connections count their statements ({@link #counter}).
 */
final class JpaFixture {
    static final RequestContext REQUEST = RequestContext.fromAddress("198.51.100.7");
    static final PseudonymKey PSEUDONYMS =
            PseudonymKey.fromBase64("bench-pseudonyms", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");

    final StatementCounter counter = new StatementCounter();
    final ResourceLocalTransactionRunner tx;
    final TestPortal portal;
    final PortalLogin login;
    final RecordingCodeSender codes = new RecordingCodeSender();

    /** The login as the portal's session resolver, once it exists (it needs the portal's patients). */
    private static final class Forwarding implements SessionResolver {
        volatile @Nullable SessionResolver target;

        private SessionResolver target() {
            return Objects.requireNonNull(target);
        }

        @Override
        public Optional<PatientSession> resolve(String token) {
            return target().resolve(token);
        }

        @Override
        public void endSessions(InstitutionId institution, PatientId patient) {
            target().endSessions(institution, patient);
        }

        @Override
        public boolean checksActiveGrant() {
            return target().checksActiveGrant();
        }
    }

    JpaFixture(PgBench db) {
        tx = ResourceLocalTransactionRunner.create(db.factory("bench-jpa", 4, counter.wrap(db.dataSource)));
        Forwarding sessions = new Forwarding();
        portal = TestPortal.builder()
                .transactions(tx)
                .customize(b ->
                        b.stores(JpaStores.create(tx)).pseudonymKey(PSEUDONYMS).sessions(sessions))
                .build();
        login = PortalLogin.builder()
                .portalStores(JpaStores.create(tx))
                .pseudonymKey(PSEUDONYMS)
                .stores(JpaAuthStores.create(tx))
                .transactions(tx)
                .patientDirectory(portal.patients())
                .codeSender(codes)
                .keys(CodeKeyring.of(ServerKey.random("bench-key")))
                .clock(portal.clock())
                .codeDelivery(Runnable::run)
                .build();
        sessions.target = login;
    }

    /** Adds a patient with TAJ + phone access. */
    PatientProfile patient(InstitutionId clinic, PatientId id) {
        PatientProfile p = portal.addPatient(clinic, id);
        portal.portal().administration(portal.staff(clinic)).grant(p.patient(), AccessMethod.TAJ_AND_PHONE, false);
        return p;
    }

    /** The login request of a patient. */
    static TajAndPhone typed(InstitutionId clinic, PatientProfile p) {
        return new TajAndPhone(clinic, p.taj().digits(), p.phone().e164());
    }

    /**
     * A started login and the code that was sent for it.
     *
     * @param challenge the challenge
     * @param code the code
     */
    record Started(Challenge challenge, String code) {}

    /** Starts a login and catches its code. */
    Started start(InstitutionId clinic, PatientProfile p) {
        Challenge c = login.start(typed(clinic, p), REQUEST);
        List<String> sent = codes.codesFor(p.phone());
        return new Started(c, sent.get(sent.size() - 1));
    }

    /** A whole login; returns the session token. */
    String logIn(InstitutionId clinic, PatientProfile p) {
        Started s = start(clinic, p);
        VerifyResult r = login.verify(s.challenge(), Factor.SMS, s.code(), REQUEST);
        return r.session().orElseThrow().token();
    }
}
