package dev.patientportal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.auth.spi.AuthStores;
import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.LoginIdentity;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PatientSession;
import dev.patientportal.core.PatientView;
import dev.patientportal.core.RequestContext;
import dev.patientportal.core.spi.AccessGrantStore;
import dev.patientportal.core.spi.PortalStores;
import dev.patientportal.core.spi.SessionResolver;
import dev.patientportal.testkit.InMemoryPortalStores;
import dev.patientportal.testkit.MutableClock;
import dev.patientportal.testkit.RecordingCodeSender;
import dev.patientportal.testkit.TestPortal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A patient read reads the grant once: portal-auth's resolver checks it (the grant version the session is bound to),
 * so the portal does not read it again; a revocation still ends access on the next call.
 */
@DisplayName("Grant reads per patient call")
class GrantReadsPerCallTest {
    private static final RequestContext REQUEST = RequestContext.fromAddress("198.51.100.7");
    private final InstitutionId clinic = InstitutionId.of("clinic-reads");

    /** Counts every read of the testkit's in-memory grant store, whoever makes it. */
    private static final class CountingGrants implements AccessGrantStore {
        final AccessGrantStore target;
        final AtomicInteger reads = new AtomicInteger();

        CountingGrants(AccessGrantStore target) {
            this.target = target;
        }

        @Override
        public Optional<AccessGrant> find(InstitutionId institution, PatientId patient) {
            reads.incrementAndGet();
            return target.find(institution, patient);
        }

        @Override
        public Optional<AccessGrant> findActiveByIdentity(InstitutionId institution, LoginIdentity identity) {
            reads.incrementAndGet();
            return target.findActiveByIdentity(institution, identity);
        }

        @Override
        public void insert(AccessGrant grant) {
            target.insert(grant);
        }

        @Override
        public void update(AccessGrant grant) {
            target.update(grant);
        }
    }

    /** The login as the portal's resolver, once it exists (it needs the portal's patients). */
    private static final class Forwarding implements SessionResolver {
        volatile @Nullable SessionResolver target;

        private SessionResolver target() {
            return java.util.Objects.requireNonNull(target);
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

    @Test
    @DisplayName("documents, the document count, a document and the profile each read the grant once; revocation"
            + " still ends access at once")
    void eachRead_readsTheGrantOnce() {
        InMemoryPortalStores mem = new InMemoryPortalStores();
        CountingGrants grants = new CountingGrants(mem.grants());
        PortalStores stores = PortalStores.of(grants, mem.documents(), mem.content(), mem.audit());
        Forwarding sessions = new Forwarding();
        MutableClock clock = MutableClock.at(TestPortal.DEFAULT_START);
        TestPortal t = TestPortal.builder()
                .clock(clock)
                .customize(pb -> pb.stores(stores).sessions(sessions))
                .build();
        RecordingCodeSender codes = new RecordingCodeSender();
        PortalLogin login = PortalLogin.builder()
                .grants(grants)
                .audit(mem.audit())
                .patientDirectory(t.patients())
                .codeSender(codes)
                .keys(CodeKeyring.of(ServerKey.random("k1")))
                .stores(AuthStores.inMemory())
                .clock(clock)
                .codeDelivery(Runnable::run)
                .build();
        sessions.target = login;

        PatientProfile p = t.addPatient(clinic, PatientId.of("p-reads"));
        AccessGrant grant =
                t.portal().administration(t.staff(clinic)).grant(p.patient(), AccessMethod.TAJ_AND_PHONE, false);
        Challenge c =
                login.start(new TajAndPhone(clinic, p.taj().digits(), p.phone().e164()), REQUEST);
        List<String> sent = codes.codesFor(p.phone());
        String token = login.verify(c, Factor.SMS, sent.get(sent.size() - 1), REQUEST)
                .session()
                .orElseThrow()
                .token();
        PatientView view = t.portal().patient(token, REQUEST);

        assertThat(readsOf(grants, () -> view.documents(DocumentFilter.firstPage())))
                .isEqualTo(1);
        assertThat(readsOf(grants, () -> view.countDocuments(null))).isEqualTo(1);
        assertThat(readsOf(grants, view::profile)).isEqualTo(1);
        assertThat(readsOf(grants, () -> {
                    try {
                        return view.document(DocumentId.of("none"));
                    } catch (dev.patientportal.core.NotFoundException e) {
                        return null;
                    }
                }))
                .isEqualTo(1);
        assertThat(readsOf(grants, () -> t.portal().patient(token, REQUEST))).isEqualTo(1);

        t.portal().administration(t.staff(clinic)).revoke(p.patient(), "moved away", grant.version());
        assertThatThrownBy(() -> view.documents(DocumentFilter.firstPage()))
                .isInstanceOf(AuthenticationException.class);
    }

    private static int readsOf(CountingGrants grants, Supplier<?> call) {
        int before = grants.reads.get();
        call.get();
        return grants.reads.get() - before;
    }
}
