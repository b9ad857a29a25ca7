package dev.patientportal.jpa.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.patientportal.core.EmailAddress;
import dev.patientportal.jpa.NotifyOutboxDelivery;
import dev.patientportal.jpa.OutboxAdmin;
import dev.patientportal.jpa.OutboxDispatcher;
import dev.patientportal.jpa.ResourceLocalTransactionRunner;
import dev.patientportal.jpa.spi.DeliveryOutcome;
import dev.patientportal.notify.Channel;
import dev.patientportal.notify.mail.JakartaMailChannel;
import dev.patientportal.notify.mail.SmtpSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Fault 2: the SMTP server (GreenMail, spoken to by Jakarta Mail through {@link JakartaMailChannel}) stopped mid-batch
 * and started again on the same port a few seconds later, while two dispatchers deliver 600 e-mails. What GreenMail
 * stored, over both of its lives, is the account of what patients got.
 */
@EnabledIfEnvironmentVariable(named = FaultEnvironment.SWITCH, matches = "true")
@Order(Integer.MAX_VALUE - 1)
class SmtpOutageFaultTest {
    private static final int MESSAGES = 600;
    private static final int THREADS = 4;
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration OUTAGE = Duration.ofSeconds(3);
    private static final Set<Channel> NEEDS = EnumSet.of(Channel.EMAIL);

    @Test
    @DisplayName("SMTP server stopped and started mid-batch: every e-mail delivered, none parked, duplicates only from"
            + " sends cut off mid-conversation")
    void smtpOutage_everyEmailDelivered() throws Exception {
        FaultEnvironment.requirePostgres();
        int port = freePort();
        ServerSetup smtp = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        try (FaultSchema schema = FaultSchema.create()) {
            ResourceLocalTransactionRunner node1 = schema.node(12);
            ResourceLocalTransactionRunner node2 = schema.node(12);
            FaultClinic clinic = new FaultClinic(node1, FaultClinic.Seed.MEMORY, MESSAGES, 1, false, false);
            JakartaMailChannel mail = JakartaMailChannel.create(
                    SmtpSettings.builder("127.0.0.1", port, EmailAddress.parse("portal@clinic.example"))
                            .security(SmtpSettings.Security.NONE)
                            .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                            .build());
            TimedDelivery d1 = new TimedDelivery(NotifyOutboxDelivery.create(
                    clinic.notifier(node1).email(mail).build()));
            TimedDelivery d2 = new TimedDelivery(NotifyOutboxDelivery.create(
                    clinic.notifier(node2).email(mail).build()));
            OutboxAdmin admin = OutboxAdmin.create(node2);
            clinic.submitAll();
            ChannelLog log = new ChannelLog();

            GreenMail first = start(smtp, log);
            GreenMail second = null;
            Instant begin = Instant.now();
            Duration cpuBegin = Figures.processCpu();
            FaultEnvironment.Outage outage;
            int failedDuringOutage;
            int receivedBefore;
            try (OutboxDispatcher a = dispatcher(node1, d1, "smtp-a");
                    OutboxDispatcher b = dispatcher(node2, d2, "smtp-b")) {
                a.start();
                b.start();
                FaultClinic.await("a third is delivered", Duration.ofSeconds(120), () -> log.total() >= MESSAGES / 3);
                Instant stopped = Instant.now();
                first.stop();
                receivedBefore = log.total();
                int retriesBefore =
                        d1.count(DeliveryOutcome.Kind.RETRY_LATER) + d2.count(DeliveryOutcome.Kind.RETRY_LATER);
                Thread.sleep(OUTAGE.toMillis());
                second = start(smtp, log);
                outage = new FaultEnvironment.Outage(stopped, Instant.now());
                failedDuringOutage = d1.count(DeliveryOutcome.Kind.RETRY_LATER)
                        + d2.count(DeliveryOutcome.Kind.RETRY_LATER)
                        - retriesBefore;

                FaultClinic.awaitSettled(admin, Duration.ofSeconds(120));
                assertThat(a.isRunning()).isTrue();
                assertThat(b.isRunning()).isTrue();
            } finally {
                first.stop();
                if (second != null) {
                    second.stop();
                }
            }
            Instant end = Instant.now();
            Duration cpu = Figures.processCpu().minus(cpuBegin);

            Instant firstA = d1.firstSentAtOrAfter(outage.end())
                    .orElseThrow(
                            () -> new AssertionError("dispatcher a delivered nothing after the SMTP server came back"));
            Instant firstB = d2.firstSentAtOrAfter(outage.end())
                    .orElseThrow(
                            () -> new AssertionError("dispatcher b delivered nothing after the SMTP server came back"));
            FaultClinic.Verdict verdict = clinic.verdict(admin, log, NEEDS);
            assertThat(failedDuringOutage)
                    .as("attempts that met the stopped server")
                    .isPositive();
            assertThat(verdict.parked())
                    .as("an outage shorter than the back-off parks nothing: %s", verdict.reasons())
                    .isEmpty();
            assertThat(verdict.delivered()).hasSize(MESSAGES);
            // A duplicate needs the server to have taken the message while the client saw the conversation fail: only
            // sends in flight when the server stopped, one per worker thread at most.
            assertThat(log.duplicated().values()).allSatisfy(n -> assertThat(n).isEqualTo(2));
            assertThat(log.duplicates()).isLessThanOrEqualTo(2 * THREADS);

            Instant recovered = firstA.isBefore(firstB) ? firstA : firstB;
            new Figures(
                            "SMTP stopped and started",
                            MESSAGES,
                            verdict.delivered().size(),
                            verdict.parked().size(),
                            log.duplicates(),
                            Figures.seconds(outage.end(), recovered) + " (a "
                                    + Figures.seconds(outage.end(), firstA) + ", b "
                                    + Figures.seconds(outage.end(), firstB)
                                    + ")",
                            LEASE,
                            Duration.between(begin, end),
                            cpu,
                            String.format(
                                    Locale.ROOT,
                                    "server down %s after %d of %d were received; %d attempts met the"
                                            + " stopped server and were retried with back-off; %d attempts in all",
                                    Figures.seconds(outage.length()),
                                    receivedBefore,
                                    MESSAGES,
                                    failedDuringOutage,
                                    d1.attempts() + d2.attempts()))
                    .report();
        }
    }

    /**
     * Starts GreenMail with every e-mail it takes noted in the log, by the reference header each carries, at the moment
     * it stores the message (before it answers the end of DATA): what a patient's mailbox would hold, and when.
     */
    private static GreenMail start(ServerSetup setup, ChannelLog log) {
        GreenMail server = new GreenMail(setup);
        server.start();
        UserManager users = server.getUserManager();
        MessageDeliveryHandler store = users.getMessageDeliveryHandler();
        users.setMessageDeliveryHandler((message, address) -> {
            GreenMailUser user = store.handle(message, address);
            String reference = message.getMessage().getHeader("X-Patient-Portal-Reference", null);
            log.accepted(UUID.fromString(reference), Channel.EMAIL);
            return user;
        });
        return server;
    }

    private static OutboxDispatcher dispatcher(
            ResourceLocalTransactionRunner node, TimedDelivery delivery, String name) {
        return FaultClinic.dispatcher(node, delivery, name, THREADS)
                .lease(LEASE)
                .backoff(Duration.ofMillis(250), Duration.ofSeconds(4))
                .maxAttempts(8)
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
