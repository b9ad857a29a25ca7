package dev.patientportal.auth.security;

import static dev.patientportal.auth.LoginFixture.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.EmailAndPhone;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.LoginFixture;
import dev.patientportal.auth.LoginRequest;
import dev.patientportal.auth.TajAndPhone;
import dev.patientportal.auth.internal.Secrets;
import dev.patientportal.auth.spi.AuthStores;
import dev.patientportal.auth.spi.ChallengeStore;
import dev.patientportal.auth.spi.LockoutStore;
import dev.patientportal.auth.spi.RateLimitStore;
import dev.patientportal.auth.spi.SessionStore;
import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.spi.AccessGrantStore;
import dev.patientportal.core.spi.AuditSink;
import dev.patientportal.core.spi.PatientDirectory;
import dev.patientportal.core.spi.TransactionRunner;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ASVS 6.3.8, by timing: equal answers are not enough when the work behind them differs, since work shows in the time
 * of {@code start} (and a task handed to the delivery executor competes for the CPU with the requests that follow).
 * So a known identity, made-up identifiers, a revoked grant and a grant of the other method must do the same work:
 * the same calls to every store, the audit sink, the patient records and the transaction runner, in the same order;
 * the same number of HMACs; and the same hand-offs to the delivery executor, whose task then does the same lookups.
 * Only the code sender tells them apart: it is called for the known identity alone.
 */
class DecoysDoTheSameWorkTest {

    /** The identities a login can be started with. */
    enum Kind {
        KNOWN,
        UNKNOWN,
        REVOKED,
        OTHER_METHOD
    }

    /** What one call did: every collaborator call in order, HMACs, and codes sent. */
    record Work(List<String> calls, long hmacs, int sent) {
        long submissions() {
            return calls.stream().filter("Executor.execute"::equals).count();
        }
    }

    /** A login whose every collaborator (but the code sender) is counted, and a request of the given kind. */
    private static final class Counted {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final LoginFixture f;
        final LoginRequest request;

        Counted(AccessMethod method, Kind kind) {
            Executor delivery = task -> {
                calls.add("Executor.execute");
                task.run(); // on this thread, so that the task's work is counted too
            };
            AuthStores in = AuthStores.inMemory();
            AuthStores stores = AuthStores.of(
                    counted(ChallengeStore.class, in.challenges()),
                    counted(SessionStore.class, in.sessions()),
                    counted(LockoutStore.class, in.lockouts()),
                    counted(RateLimitStore.class, in.rateLimits()));
            f = LoginFixture.builder()
                    .stores(stores)
                    .transactions(counted(TransactionRunner.class, TransactionRunner.direct()))
                    .grants(g -> counted(AccessGrantStore.class, g))
                    .directory(d -> counted(PatientDirectory.class, d))
                    .audit(a -> counted(AuditSink.class, a))
                    .delivery(delivery)
                    .build();
            request = request(method, kind);
        }

        private LoginRequest request(AccessMethod method, Kind kind) {
            AccessMethod other =
                    method == AccessMethod.TAJ_AND_PHONE ? AccessMethod.EMAIL_AND_PHONE : AccessMethod.TAJ_AND_PHONE;
            switch (kind) {
                case KNOWN:
                    return f.requestFor(f.patientWithGrant(method), method);
                case UNKNOWN:
                    return method == AccessMethod.TAJ_AND_PHONE
                            ? new TajAndPhone(f.clinic, "037193289", "+36201234567")
                            : new EmailAndPhone(f.clinic, "nobody@example.test", "+36201234567");
                case REVOKED:
                    PatientProfile r = f.patientWithGrant(method);
                    AccessGrant g = f.grantOf(r);
                    f.t.portal().administration(f.t.staff(f.clinic)).revoke(r.patient(), "left", g.version());
                    return f.requestFor(r, method);
                default:
                    return f.requestFor(f.patientWithGrant(other), method);
            }
        }

        <T> Work measure(Function<Counted, T> call) {
            calls.clear();
            int sentBefore = f.codes().messages().size();
            long hmacsBefore = Secrets.hmacsOnThisThread();
            call.apply(this);
            return new Work(
                    List.copyOf(calls),
                    Secrets.hmacsOnThisThread() - hmacsBefore,
                    f.codes().messages().size() - sentBefore);
        }

        private <T> T counted(Class<T> type, T target) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
                if (m.getDeclaringClass() != Object.class) {
                    calls.add(type.getSimpleName() + "." + m.getName());
                }
                try {
                    return m.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }));
        }
    }

    private static Map<Kind, Work> workOf(AccessMethod method, Function<Counted, ?> call) {
        Map<Kind, Work> work = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            work.put(kind, new Counted(method, kind).measure(call));
        }
        return work;
    }

    private static void requireEqualWork(Map<Kind, Work> work, int codesPerKnownCall, String... knownCalls) {
        Work known = work.get(Kind.KNOWN);
        assertThat(known.sent()).as("codes sent for the known identity").isEqualTo(codesPerKnownCall);
        assertThat(known.submissions()).as("hand-offs to the delivery executor").isEqualTo(1);
        assertThat(known.calls()).contains(knownCalls).contains("AuditSink.record", "PatientDirectory.find");
        assertThat(known.hmacs()).isPositive();
        for (Kind kind : List.of(Kind.UNKNOWN, Kind.REVOKED, Kind.OTHER_METHOD)) {
            Work decoy = work.get(kind);
            assertThat(decoy.sent()).as(kind + ": codes sent").isZero();
            assertThat(decoy.submissions())
                    .as(kind + ": hand-offs to the delivery executor")
                    .isEqualTo(known.submissions());
            assertThat(decoy.hmacs()).as(kind + ": HMACs").isEqualTo(known.hmacs());
            assertThat(decoy.calls())
                    .as(kind + ": store, audit, directory, transaction and executor calls")
                    .isEqualTo(known.calls());
        }
    }

    @ParameterizedTest
    @EnumSource(AccessMethod.class)
    @DisplayName("start does the same work for a known, an unknown, a revoked and an other-method identity")
    void start(AccessMethod method) {
        Map<Kind, Work> work = workOf(method, c -> c.f.start(c.request));
        requireEqualWork(
                work,
                method == AccessMethod.TAJ_AND_PHONE ? 1 : 2,
                "ChallengeStore.insert",
                "AccessGrantStore.findActiveByIdentity");
        assertThat(work.get(Kind.KNOWN).calls()).containsOnlyOnce("ChallengeStore.insert", "Executor.execute");
    }

    @ParameterizedTest
    @EnumSource(AccessMethod.class)
    @DisplayName("resend does the same work for a known, an unknown, a revoked and an other-method identity")
    void resend(AccessMethod method) {
        Map<Kind, Work> work = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            Counted c = new Counted(method, kind);
            Challenge challenge = c.f.start(c.request);
            c.f.clock().advance(Duration.ofSeconds(61));
            work.put(
                    kind,
                    c.measure(x -> x.f.login.resend(challenge.institution(), challenge.id(), Factor.SMS, REQUEST)));
        }
        requireEqualWork(work, 1, "ChallengeStore.replaceCode", "AccessGrantStore.find");
        assertThat(work.get(Kind.KNOWN).calls()).containsOnlyOnce("ChallengeStore.replaceCode", "Executor.execute");
    }
}
