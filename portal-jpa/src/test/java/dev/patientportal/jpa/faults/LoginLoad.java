package dev.patientportal.jpa.faults;

import dev.patientportal.auth.AuthSettings;
import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.CodeKeyring;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.PortalLogin;
import dev.patientportal.auth.ServerKey;
import dev.patientportal.auth.TajAndPhone;
import dev.patientportal.auth.VerifyResult;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.CodeMessage;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.RequestContext;
import dev.patientportal.jpa.JpaAuthStores;
import dev.patientportal.jpa.JpaStores;
import dev.patientportal.jpa.ResourceLocalTransactionRunner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Patients logging in while a fault happens: one thread per node, each with patients of its own, doing
 * {@code start} then {@code verify} with the code just sent, over and over, and noting every session token it got and
 * every failure (when, and of which kind). Both nodes share the server key, as a cluster does.
 */
final class LoginLoad {
    private static final RequestContext REQUEST = RequestContext.fromAddress("198.51.100.20");

    /** A login that failed: when, on which step, with what. */
    record Failure(Instant at, String step, String exception, AuthenticationException.@Nullable Reason reason) {}

    /** A session token handed out, and the node that handed it out. */
    record Issued(Instant at, int node, String token) {}

    final List<PortalLogin> nodes = new ArrayList<>();
    final List<Issued> issued = new CopyOnWriteArrayList<>();
    final List<Failure> failures = new CopyOnWriteArrayList<>();
    private final Map<String, String> lastCode = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<List<PatientProfile>> patientsPerNode = new ArrayList<>();
    private volatile boolean stopping;

    /**
     * Wires a login on each node.
     *
     * @param clinic the patients' records
     * @param runners the nodes
     * @param patients the patients who log in, split between the nodes
     */
    LoginLoad(FaultClinic clinic, List<ResourceLocalTransactionRunner> runners, List<PatientProfile> patients) {
        CodeKeyring keys = CodeKeyring.of(ServerKey.random("fault-key"));
        // No send limit may get in the way: every login sends a code, many times an hour.
        AuthSettings settings = AuthSettings.builder()
                .sendsPerPhone(1000, 10_000)
                .sendsPerClientAddress(100_000, 1_000_000)
                .sendsPerInstitution(10_000_000, 100_000_000)
                .build();
        for (ResourceLocalTransactionRunner tx : runners) {
            nodes.add(PortalLogin.builder()
                    .portalStores(JpaStores.create(tx))
                    .singleNode() // the grants were seeded under this process's key
                    .stores(JpaAuthStores.create(tx))
                    .transactions(tx)
                    .patientDirectory(clinic.patients)
                    .codeSender(this::remember)
                    .keys(keys)
                    .settings(settings)
                    .codeDelivery(Runnable::run)
                    .build());
            patientsPerNode.add(new ArrayList<>());
        }
        for (int i = 0; i < patients.size(); i++) {
            patientsPerNode.get(i % runners.size()).add(patients.get(i));
        }
    }

    private void remember(CodeMessage message) {
        if (message.phone() != null) {
            lastCode.put(message.phone().e164(), message.code());
        }
    }

    /** Starts one thread per node. */
    void start() {
        for (int n = 0; n < nodes.size(); n++) {
            int node = n;
            Thread t = new Thread(() -> loop(node), "fault-logins-" + n);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void loop(int node) {
        List<PatientProfile> mine = patientsPerNode.get(node);
        for (int i = 0; !stopping; i++) {
            PatientProfile p = mine.get(i % mine.size());
            loginOnce(node, p);
            try {
                TimeUnit.MILLISECONDS.sleep(15);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * One login; records its token or its failure.
     *
     * @return whether it got a session
     */
    boolean loginOnce(int node, PatientProfile p) {
        PortalLogin login = nodes.get(node);
        String phone = p.phone().e164();
        lastCode.remove(phone);
        Challenge c;
        try {
            c = login.start(new TajAndPhone(FaultClinic.CLINIC, p.taj().digits(), phone), REQUEST);
        } catch (RuntimeException e) {
            failures.add(failure("start", e));
            return false;
        }
        String code = lastCode.get(phone);
        if (code == null) {
            failures.add(new Failure(Instant.now(), "start", "no code sent", null));
            return false;
        }
        try {
            VerifyResult r = login.verify(c, Factor.SMS, code, REQUEST);
            if (r.session().isEmpty()) {
                failures.add(new Failure(Instant.now(), "verify", "no session", null));
                return false;
            }
            issued.add(new Issued(Instant.now(), node, r.session().get().token()));
            return true;
        } catch (RuntimeException e) {
            failures.add(failure("verify", e));
            return false;
        }
    }

    private static Failure failure(String step, RuntimeException e) {
        return new Failure(
                Instant.now(),
                step,
                e.getClass().getSimpleName(),
                e instanceof AuthenticationException a ? a.reason() : null);
    }

    /** How many sessions were handed out at or after an instant. */
    long issuedAtOrAfter(Instant t) {
        return issued.stream().filter(i -> !i.at().isBefore(t)).count();
    }

    /** How many sessions were handed out at or after an instant by one node. */
    long issuedAtOrAfter(Instant t, int node) {
        return issued.stream()
                .filter(i -> i.node() == node && !i.at().isBefore(t))
                .count();
    }

    /** The verify calls that failed: each may or may not have committed its session. */
    long failedVerifies() {
        return failures.stream().filter(f -> f.step().equals("verify")).count();
    }

    /** The patients of one node. */
    List<PatientProfile> patientsOf(int node) {
        return patientsPerNode.get(node);
    }

    /** Stops the threads, waiting for the logins in progress; idempotent. */
    void stop() throws InterruptedException {
        stopping = true;
        for (Thread t : threads) {
            t.join(30_000);
        }
    }
}
