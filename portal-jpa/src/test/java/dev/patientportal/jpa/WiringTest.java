package dev.patientportal.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.auth.CodeKeyring;
import dev.patientportal.auth.PortalLogin;
import dev.patientportal.core.PatientPortal;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import dev.patientportal.testkit.InMemoryScheduling;
import dev.patientportal.testkit.InMemorySessions;
import dev.patientportal.testkit.RecordingCodeSender;
import dev.patientportal.testkit.RecordingNotifier;
import jakarta.persistence.EntityManagerFactory;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** JPA stores tell the builders that they need a unit of work, so a missing runner fails at start-up. */
class WiringTest {
    private final EntityManagerProvider none = () -> {
        throw new AssertionError("no entity manager is needed to build");
    };

    @Test
    @DisplayName("a portal on JPA stores without a transaction runner is refused at build, naming the runner")
    void portalNeedsARunner() {
        assertThatThrownBy(() -> PatientPortal.builder()
                        .patientDirectory(new InMemoryPatientDirectory())
                        .scheduling(new InMemoryScheduling())
                        .stores(JpaStores.create(none))
                        .notifications(new RecordingNotifier())
                        .sessions(new InMemorySessions())
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("transactions(TransactionRunner)");
    }

    @Test
    @DisplayName("a login on JPA stores without a transaction runner is refused at build, naming the runner")
    void loginNeedsARunner() {
        assertThatThrownBy(() -> PortalLogin.builder()
                        .portalStores(JpaStores.create(none))
                        .stores(JpaAuthStores.create(none))
                        .codeSender(new RecordingCodeSender())
                        .keys(CodeKeyring.random())
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("transactions(TransactionRunner)");
    }

    @Test
    @DisplayName("stores made on a runner carry it, and the portal and login builders take it from them")
    void bundlesCarryTheirRunner() {
        ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(unusedFactory());
        assertThat(JpaStores.create(tx).transactions()).containsSame(tx);
        assertThat(JpaAuthStores.create(tx).transactions()).containsSame(tx);
        assertThat(JpaNotifyStores.create(tx).transactions()).containsSame(tx);
        assertThat(JpaStores.create(none).transactions()).isEmpty();
        TransactionRunner host = TransactionRunner.direct();
        assertThat(JpaStores.create(none).withTransactions(host).transactions()).containsSame(host);

        PatientPortal.builder()
                .patientDirectory(new InMemoryPatientDirectory())
                .scheduling(new InMemoryScheduling())
                .stores(JpaStores.create(tx))
                .notifications(new RecordingNotifier())
                .sessions(new InMemorySessions())
                .singleNode()
                .build();
        PortalLogin.builder()
                .portalStores(JpaStores.create(tx))
                .stores(JpaAuthStores.create(tx))
                .codeSender(new RecordingCodeSender())
                .keys(CodeKeyring.random())
                .singleNode()
                .codeDelivery(Runnable::run)
                .build();
    }

    @Test
    @DisplayName("login stores and portal stores carrying different runners are refused unless one is given")
    void differentCarriedRunnersAreRefused() {
        ResourceLocalTransactionRunner a = ResourceLocalTransactionRunner.create(unusedFactory());
        ResourceLocalTransactionRunner b = ResourceLocalTransactionRunner.create(unusedFactory());
        assertThatThrownBy(() -> PortalLogin.builder()
                        .portalStores(JpaStores.create(a))
                        .stores(JpaAuthStores.create(b))
                        .codeSender(new RecordingCodeSender())
                        .keys(CodeKeyring.random())
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("different transaction runners");
        PortalLogin.builder()
                .portalStores(JpaStores.create(a))
                .stores(JpaAuthStores.create(b))
                .transactions(a)
                .codeSender(new RecordingCodeSender())
                .keys(CodeKeyring.random())
                .singleNode()
                .codeDelivery(Runnable::run)
                .build();
    }

    /** A factory that is never asked for anything: building wires, it does not open units of work. */
    private static EntityManagerFactory unusedFactory() {
        return (EntityManagerFactory) Proxy.newProxyInstance(
                WiringTest.class.getClassLoader(),
                new Class<?>[] {EntityManagerFactory.class},
                (proxy, method, args) -> {
                    throw new AssertionError("not needed to build: " + method.getName());
                });
    }
}
