package dev.patientportal.jpa;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.auth.CodeKeyring;
import dev.patientportal.auth.PortalLogin;
import dev.patientportal.core.PatientPortal;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import dev.patientportal.testkit.InMemoryScheduling;
import dev.patientportal.testkit.InMemorySessions;
import dev.patientportal.testkit.RecordingCodeSender;
import dev.patientportal.testkit.RecordingNotifier;
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
        assertThatThrownBy(() -> PatientPortal.builder().patientDirectory(new InMemoryPatientDirectory())
                .scheduling(new InMemoryScheduling()).stores(JpaStores.create(none))
                .notifications(new RecordingNotifier()).sessions(new InMemorySessions()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("transactions(TransactionRunner)");
    }

    @Test
    @DisplayName("a login on JPA stores without a transaction runner is refused at build, naming the runner")
    void loginNeedsARunner() {
        assertThatThrownBy(() -> PortalLogin.builder().portalStores(JpaStores.create(none))
                .stores(JpaAuthStores.create(none)).codeSender(new RecordingCodeSender()).keys(CodeKeyring.random())
                .build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("transactions(TransactionRunner)");
    }
}
