package dev.patientportal.jpa.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.PatientProfile;
import dev.patientportal.jpa.NotifyOutboxDelivery;
import dev.patientportal.jpa.OutboxAdmin;
import dev.patientportal.jpa.OutboxDispatcher;
import dev.patientportal.jpa.ResourceLocalTransactionRunner;
import dev.patientportal.notify.Channel;
import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.PortalNotifier;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Fault 1: PostgreSQL restarted (by the command {@code .ci/run} exports) while two dispatchers on two nodes deliver
 * 1,000 notifications (e-mail, SMS and push each, 10 for each of 100 patients) and patients log in on both nodes. The dispatchers and logins are
 * the same objects before and after: nothing but the database is restarted.
 *
 * <p>Runs last of portal-jpa's test classes ({@code junit-platform.properties} orders classes by {@link Order}): the
 * restart ends every connection to the server, and the shared schemas of the other classes keep pooled ones.
 */
@EnabledIfEnvironmentVariable(named = FaultEnvironment.SWITCH, matches = "true")
@Order(Integer.MAX_VALUE)
class PostgresRestartFaultTest {
    private static final int PATIENTS = 100;
    private static final int MESSAGES = 1000;
    private static final int LOGIN_PATIENTS = 16;
    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final int BATCH = 20;
    /** What each channel's provider takes to answer: slow enough that the restart lands mid-delivery. */
    private static final long PROVIDER_MILLIS = 8;

    private static final Set<Channel> NEEDS = EnumSet.allOf(Channel.class);

    @Test
    @DisplayName("PostgreSQL restarted under two dispatchers and logins: all delivered, duplicates within one lease,"
            + " the same dispatchers recover, sessions consistent")
    void postgresRestart_dispatchersAndLoginsRecover() throws Exception {
        FaultEnvironment.requirePostgres();
        String restart = FaultEnvironment.requireRestartCommand();
        try (FaultSchema schema = FaultSchema.create()) {
            ResourceLocalTransactionRunner node1 = schema.node(16);
            ResourceLocalTransactionRunner node2 = schema.node(16);
            FaultClinic clinic =
                    new FaultClinic(node1, FaultClinic.Seed.DATABASE, PATIENTS, MESSAGES / PATIENTS, true, true);
            ChannelLog log = new ChannelLog();
            TimedDelivery d1 = new TimedDelivery(NotifyOutboxDelivery.create(notifier(clinic, node1, log)));
            TimedDelivery d2 = new TimedDelivery(NotifyOutboxDelivery.create(notifier(clinic, node2, log)));
            OutboxAdmin admin = OutboxAdmin.create(node2);
            clinic.submitAll();
            List<PatientProfile> loginPatients = clinic.profiles.subList(0, LOGIN_PATIENTS);

            Instant begin = Instant.now();

            Duration cpuBegin = Figures.processCpu();
            FaultEnvironment.Outage outage;
            LoginLoad logins = new LoginLoad(clinic, List.of(node1, node2), loginPatients);
            try (OutboxDispatcher a = dispatcher(node1, d1, "restart-a");
                    OutboxDispatcher b = dispatcher(node2, d2, "restart-b")) {
                logins.start();
                a.start();
                b.start();
                FaultClinic.await(
                        "a quarter is delivered",
                        Duration.ofSeconds(120),
                        () -> log.total() >= MESSAGES * NEEDS.size() / 4);
                int acceptedBefore = log.total();

                outage = FaultEnvironment.restartPostgres(restart);

                FaultClinic.awaitSettled(admin, Duration.ofSeconds(180));
                FaultClinic.await(
                        "logins succeed again on both nodes",
                        Duration.ofSeconds(60),
                        () -> logins.issuedAtOrAfter(outage.end(), 0) >= 5
                                && logins.issuedAtOrAfter(outage.end(), 1) >= 5);
                assertThat(acceptedBefore).as("the restart came mid-delivery").isLessThan(MESSAGES * NEEDS.size() / 2);
                assertThat(a.isRunning())
                        .as("dispatcher a still running, never restarted")
                        .isTrue();
                assertThat(b.isRunning())
                        .as("dispatcher b still running, never restarted")
                        .isTrue();
                logins.stop();
                Instant end = Instant.now();
                Duration cpu = Figures.processCpu().minus(cpuBegin);

                // Each dispatcher object delivered again after the restart, through its own delivery.
                Instant firstA = d1.firstSentAtOrAfter(outage.end())
                        .orElseThrow(() -> new AssertionError("dispatcher a delivered nothing after the restart"));
                Instant firstB = d2.firstSentAtOrAfter(outage.end())
                        .orElseThrow(() -> new AssertionError("dispatcher b delivered nothing after the restart"));

                FaultClinic.Verdict verdict = clinic.verdict(admin, log, NEEDS);
                assertThat(verdict.parked())
                        .as("nothing fails for good here, so nothing is parked: %s", verdict.reasons())
                        .isEmpty();
                assertThat(verdict.delivered()).hasSize(MESSAGES);

                // Duplicates: only claims that outlived their lease, at most one per message and channel, and never
                // sooner than the lease allows.
                assertThat(log.duplicated().values())
                        .as("times a message was taken on one channel")
                        .allSatisfy(n -> assertThat(n).isEqualTo(2));
                Set<UUID> duplicatedMessages = log.duplicated().keySet().stream()
                        .map(ChannelLog.Key::intent)
                        .collect(Collectors.toSet());
                assertThat(duplicatedMessages)
                        .as("duplicated messages: at most one batch per dispatcher in flight")
                        .hasSizeLessThanOrEqualTo(2 * BATCH);
                log.shortestDuplicateGap()
                        .ifPresent(gap -> assertThat(gap)
                                .as("shortest gap between duplicates")
                                .isGreaterThanOrEqualTo(LEASE.dividedBy(2)));

                LoginVerdict logged = loginVerdict(logins, node2, outage);
                long ledgered = FaultClinic.smsLedgered(node1, begin, end);
                int smsTaken = verdict.delivered().stream()
                        .mapToInt(id -> log.count(id, Channel.SMS))
                        .sum();

                new Figures(
                                "PostgreSQL restart",
                                MESSAGES,
                                verdict.delivered().size(),
                                verdict.parked().size(),
                                log.duplicates(),
                                "a " + Figures.seconds(outage.end(), firstA) + ", b "
                                        + Figures.seconds(outage.end(), firstB),
                                LEASE,
                                Duration.between(begin, end),
                                cpu,
                                String.format(
                                        Locale.ROOT,
                                        "outage %s; %d messages duplicated, shortest gap %s; usage ledger"
                                                + " %d SMS for %d taken; logins: %d"
                                                + " sessions before the restart, %d after, %d failed during it (%s), %d session"
                                                + " rows for %d handed out",
                                        Figures.seconds(outage.length()),
                                        duplicatedMessages.size(),
                                        log.shortestDuplicateGap()
                                                .map(Figures::seconds)
                                                .orElse("-"),
                                        ledgered,
                                        smsTaken,
                                        logged.before(),
                                        logged.after(),
                                        logged.failures(),
                                        logged.failureKinds(),
                                        logged.sessionRows(),
                                        logged.issued()))
                        .report();
            } finally {
                logins.stop();
            }
        }
    }

    /** What the logins ended with, before the final round of logins. */
    private record LoginVerdict(
            long issued, long before, long after, long failures, String failureKinds, long sessionRows) {}

    private static LoginVerdict loginVerdict(
            LoginLoad logins, ResourceLocalTransactionRunner node, FaultEnvironment.Outage outage) {
        // A correct code is never refused as wrong, locked or rate limited, whatever the database did meanwhile.
        assertThat(logins.failures).as("login failures").allSatisfy(f -> {
            assertThat(f.reason())
                    .as("an authentication refusal of a correct code")
                    .isNull();
            assertThat(f.at())
                    .as("failures only while the database was away")
                    .isBetween(outage.start(), outage.end().plusSeconds(10));
        });
        // Every session handed out works on both nodes; the rows are those handed out, plus at most the verify calls
        // that failed after their commit reached the server.
        for (LoginLoad.Issued i : logins.issued) {
            for (int n = 0; n < logins.nodes.size(); n++) {
                assertThat(logins.nodes.get(n).resolve(i.token()))
                        .as("session resolves on node %d", n)
                        .isPresent();
            }
        }
        long rows = node.inTransaction(() -> node.currentEntityManager()
                .createQuery("SELECT COUNT(s) FROM" + " PortalLoginSession s WHERE s.institutionId = :i", Long.class)
                .setParameter("i", FaultClinic.CLINIC.value())
                .getSingleResult());
        assertThat(rows)
                .as("session rows")
                .isBetween((long) logins.issued.size(), logins.issued.size() + logins.failedVerifies());
        long issued = logins.issued.size();
        long before = issued - logins.issuedAtOrAfter(outage.start());
        long after = logins.issuedAtOrAfter(outage.end());
        String kinds = logins.failures.stream()
                .collect(Collectors.groupingBy(f -> f.step() + ":" + f.exception(), Collectors.counting()))
                .toString();
        long failures = logins.failures.size();
        // No patient was locked out by the restart: each logs in once more, on each node.
        for (int n = 0; n < logins.nodes.size(); n++) {
            for (PatientProfile p : logins.patientsOf(n)) {
                for (int other = 0; other < logins.nodes.size(); other++) {
                    assertThat(logins.loginOnce(other, p))
                            .as("a login after the restart")
                            .isTrue();
                }
            }
        }
        return new LoginVerdict(issued, before, after, failures, kinds, rows);
    }

    private static PortalNotifier notifier(FaultClinic clinic, ResourceLocalTransactionRunner node, ChannelLog log) {
        return clinic.notifier(node)
                .email(m -> {
                    provider();
                    log.accepted(UUID.fromString(m.reference()), Channel.EMAIL);
                    return DeliveryResult.sent("mail-" + m.reference());
                })
                .sms(m -> {
                    provider();
                    log.accepted(UUID.fromString(m.reference()), Channel.SMS);
                    return DeliveryResult.sent("sms-" + m.reference());
                })
                .push((m, tokens) -> {
                    provider();
                    log.accepted(UUID.fromString(m.reference()), Channel.PUSH);
                    return tokens.stream()
                            .map(t -> DeliveryResult.sent("push-" + m.reference()))
                            .toList();
                })
                .build();
    }

    private static void provider() {
        try {
            Thread.sleep(PROVIDER_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static OutboxDispatcher dispatcher(
            ResourceLocalTransactionRunner node, TimedDelivery delivery, String name) {
        return FaultClinic.dispatcher(node, delivery, name, 4)
                .batchSize(BATCH)
                .lease(LEASE)
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(2))
                .maxAttempts(10)
                .build();
    }
}
