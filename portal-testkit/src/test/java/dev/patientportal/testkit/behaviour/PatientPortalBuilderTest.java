package dev.patientportal.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.PatientPortal;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import dev.patientportal.testkit.InMemoryPortalStores;
import dev.patientportal.testkit.InMemoryScheduling;
import dev.patientportal.testkit.InMemorySessions;
import dev.patientportal.testkit.MutableClock;
import dev.patientportal.testkit.RecordingNotifier;
import dev.patientportal.testkit.TestPortal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PatientPortal builder")
class PatientPortalBuilderTest {
    @Test
    @DisplayName("build() with nothing wired names every missing piece in one IllegalStateException")
    void build_nothingWired_namesEveryMissingPiece() {
        assertThatThrownBy(() -> PatientPortal.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("patientDirectory")
                .hasMessageContaining("scheduling")
                .hasMessageContaining("stores")
                .hasMessageContaining("notifications")
                .hasMessageContaining("sessions");
    }

    @Test
    @DisplayName("build() with some pieces wired names only the missing ones")
    void build_partlyWired_namesOnlyMissing() {
        assertThatThrownBy(() -> PatientPortal.builder()
                        .patientDirectory(new InMemoryPatientDirectory())
                        .stores(new InMemoryPortalStores())
                        .notifications(new RecordingNotifier())
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("scheduling")
                .hasMessageContaining("sessions")
                .hasMessageNotContaining("patientDirectory")
                .hasMessageNotContaining("stores(")
                .hasMessageNotContaining("notifications");
    }

    @Test
    @DisplayName("build() refuses stores that need a unit of work wired with the direct runner, and accepts a runner")
    void build_transactionalStoresWithDirectRunner_conflict() {
        InMemoryPortalStores memory = new InMemoryPortalStores();
        dev.patientportal.core.spi.PortalStores transactional = new dev.patientportal.core.spi.PortalStores() {
            @Override
            public dev.patientportal.core.spi.AccessGrantStore grants() {
                return memory.grants();
            }

            @Override
            public dev.patientportal.core.spi.DocumentStore documents() {
                return memory.documents();
            }

            @Override
            public dev.patientportal.core.spi.ContentStore content() {
                return memory.content();
            }

            @Override
            public dev.patientportal.core.spi.AuditSink audit() {
                return memory.audit();
            }

            @Override
            public boolean requiresUnitOfWork() {
                return true;
            }
        };
        PatientPortal.Builder wired = PatientPortal.builder()
                .patientDirectory(new InMemoryPatientDirectory())
                .scheduling(new InMemoryScheduling())
                .stores(transactional)
                .notifications(new RecordingNotifier())
                .sessions(new InMemorySessions());
        assertThatThrownBy(wired::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unit of work")
                .hasMessageContaining("transactions(TransactionRunner)");
        dev.patientportal.core.spi.TransactionRunner runner = new dev.patientportal.core.spi.TransactionRunner() {
            @Override
            public <T> T inTransaction(java.util.function.Supplier<T> work) {
                return work.get();
            }
        };
        wired.transactions(runner);
        assertThatThrownBy(wired::build)
                .as("database stores and no pseudonym key")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pseudonymKey(PseudonymKey)")
                .hasMessageContaining("singleNode()");
        assertThatThrownBy(() -> wired.pseudonymKey(dev.patientportal.core.PseudonymKey.random("p1"))
                        .build())
                .as("database stores and a random pseudonym key")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("random");
        assertThat(wired.singleNode().build())
                .as("a random key on a single node")
                .isNotNull();
        assertThat(PatientPortal.builder()
                        .patientDirectory(new InMemoryPatientDirectory())
                        .scheduling(new InMemoryScheduling())
                        .stores(transactional)
                        .notifications(new RecordingNotifier())
                        .sessions(new InMemorySessions())
                        .transactions(runner)
                        .pseudonymKey(dev.patientportal.core.PseudonymKey.fromBase64(
                                "p1", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="))
                        .build())
                .as("a configured key")
                .isNotNull();
    }

    @Test
    @DisplayName("build() with every required piece gives a portal on the given clock")
    void build_fullyWired_works() {
        MutableClock clock = MutableClock.at(TestPortal.DEFAULT_START);
        PatientPortal portal = PatientPortal.builder()
                .patientDirectory(new InMemoryPatientDirectory())
                .scheduling(new InMemoryScheduling())
                .stores(new InMemoryPortalStores())
                .notifications(new RecordingNotifier())
                .sessions(new InMemorySessions())
                .clock(clock)
                .build();

        clock.advance(java.time.Duration.ofHours(1));
        assertThat(portal.clock().instant()).isEqualTo(TestPortal.DEFAULT_START.plusSeconds(3600));
    }
}
