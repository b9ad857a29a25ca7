package dev.patientportal.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.AuthenticationException.Reason;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.spi.PortalMetricsListener.Channel;
import dev.patientportal.core.spi.PortalMetricsListener.DeliveryFailure;
import dev.patientportal.core.spi.PortalMetricsListener.OutboxOutcome;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class PortalMetricsListenerTest {
    private static final InstitutionId CLINIC = InstitutionId.of("clinic-m");

    /** Every signal once, in the order of the interface. */
    private static void everySignal(PortalMetricsListener l) {
        l.loginSucceeded(CLINIC);
        l.loginFailed(CLINIC, Reason.WRONG_CODE);
        l.codeSent(CLINIC, Channel.SMS);
        l.codeFailed(CLINIC, Channel.EMAIL);
        l.smsSent(CLINIC, 2, new BigDecimal("0.15"));
        l.notificationDelivered(CLINIC, Channel.PUSH, Duration.ofMillis(120));
        l.notificationFailed(CLINIC, Channel.SMS, DeliveryFailure.FAILED_PERMANENTLY);
        l.outboxOutcome(CLINIC, OutboxOutcome.PARKED, Duration.ofSeconds(3));
    }

    /** Writes each signal with its arguments. */
    private static final class Recording implements PortalMetricsListener {
        final List<String> calls = new ArrayList<>();

        @Override
        public void loginSucceeded(InstitutionId institution) {
            calls.add("loginSucceeded " + institution.value());
        }

        @Override
        public void loginFailed(InstitutionId institution, Reason reason) {
            calls.add("loginFailed " + institution.value() + " " + reason);
        }

        @Override
        public void codeSent(InstitutionId institution, Channel channel) {
            calls.add("codeSent " + institution.value() + " " + channel);
        }

        @Override
        public void codeFailed(InstitutionId institution, Channel channel) {
            calls.add("codeFailed " + institution.value() + " " + channel);
        }

        @Override
        public void smsSent(InstitutionId institution, int segments, BigDecimal cost) {
            calls.add("smsSent " + institution.value() + " " + segments + " " + cost);
        }

        @Override
        public void notificationDelivered(InstitutionId institution, Channel channel, Duration latency) {
            calls.add("notificationDelivered " + institution.value() + " " + channel + " " + latency);
        }

        @Override
        public void notificationFailed(InstitutionId institution, Channel channel, DeliveryFailure failure) {
            calls.add("notificationFailed " + institution.value() + " " + channel + " " + failure);
        }

        @Override
        public void outboxOutcome(InstitutionId institution, OutboxOutcome outcome, Duration age) {
            calls.add("outboxOutcome " + institution.value() + " " + outcome + " " + age);
        }
    }

    /** Throws on every signal. */
    private static final class Throwing implements PortalMetricsListener {
        int calls;

        private void fail() {
            calls++;
            throw new IllegalStateException("registry closed for +36201234567");
        }

        @Override
        public void loginSucceeded(InstitutionId institution) {
            fail();
        }

        @Override
        public void loginFailed(InstitutionId institution, Reason reason) {
            fail();
        }

        @Override
        public void codeSent(InstitutionId institution, Channel channel) {
            fail();
        }

        @Override
        public void codeFailed(InstitutionId institution, Channel channel) {
            fail();
        }

        @Override
        public void smsSent(InstitutionId institution, int segments, BigDecimal cost) {
            fail();
        }

        @Override
        public void notificationDelivered(InstitutionId institution, Channel channel, Duration latency) {
            fail();
        }

        @Override
        public void notificationFailed(InstitutionId institution, Channel channel, DeliveryFailure failure) {
            fail();
        }

        @Override
        public void outboxOutcome(InstitutionId institution, OutboxOutcome outcome, Duration age) {
            fail();
        }
    }

    @Test
    void guarded_passesEverySignalOnWithItsArguments() {
        Recording recording = new Recording();
        everySignal(PortalMetricsListener.guarded(recording));
        assertThat(recording.calls)
                .containsExactly(
                        "loginSucceeded clinic-m",
                        "loginFailed clinic-m WRONG_CODE",
                        "codeSent clinic-m SMS",
                        "codeFailed clinic-m EMAIL",
                        "smsSent clinic-m 2 0.15",
                        "notificationDelivered clinic-m PUSH PT0.12S",
                        "notificationFailed clinic-m SMS FAILED_PERMANENTLY",
                        "outboxOutcome clinic-m PARKED PT3S");
    }

    @Test
    void guarded_swallowsWhatEverySignalThrows_andRemembersThatItWarned() {
        Throwing throwing = new Throwing();
        GuardedMetricsListener guarded = (GuardedMetricsListener) PortalMetricsListener.guarded(throwing);
        assertThat(guarded.warned()).isFalse();
        assertThatCode(() -> everySignal(guarded)).doesNotThrowAnyException();
        assertThat(throwing.calls).isEqualTo(8);
        assertThat(guarded.warned()).isTrue();
    }

    @Test
    void guarded_isIdempotent_andRefusesNull() {
        PortalMetricsListener once = PortalMetricsListener.guarded(new Recording());
        assertThat(PortalMetricsListener.guarded(once)).isSameAs(once);
        assertThat(PortalMetricsListener.guarded(PortalMetricsListener.none())).isSameAs(PortalMetricsListener.none());
        assertThatThrownBy(() -> PortalMetricsListener.guarded(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void defaults_andNone_doNothing() {
        Consumer<PortalMetricsListener> run = PortalMetricsListenerTest::everySignal;
        assertThatCode(() -> run.accept(new PortalMetricsListener() {})).doesNotThrowAnyException();
        assertThatCode(() -> run.accept(PortalMetricsListener.none())).doesNotThrowAnyException();
        assertThat(PortalMetricsListener.none()).isInstanceOf(GuardedMetricsListener.class);
    }
}
