package dev.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.spi.AuditSink;
import dev.patientportal.testkit.Race;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AuditSink} must do: keep every event it was given, with every field, and lose none under concurrent
 * use. The SPI only writes, so an implementation also says how to read its events back ({@link #recorded}).
 */
public abstract class AuditSinkContract extends SpiContract<AuditSink> {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    private final InstitutionId institution = Fresh.institution();

    /** For subclasses. */
    protected AuditSinkContract() {}

    /**
     * Reads back the events recorded for an institution, called through {@link #inUnitOfWork(Supplier)}.
     *
     * @param institution the institution
     * @return its events, oldest ({@link AuditEvent#at()}) first
     */
    protected abstract List<AuditEvent> recorded(InstitutionId institution);

    private AuditSink sink() {
        return underTest();
    }

    private AuditEvent event(int i) {
        return new AuditEvent(
                T0.plusSeconds(i),
                institution,
                Actor.staff(StaffId.of("staff-" + i)),
                "access.grant",
                Fresh.patient(),
                "target-" + i,
                AuditEvent.Outcome.SUCCESS,
                "192.0.2." + (i % 250),
                Map.of("n", Integer.toString(i)));
    }

    @Nested
    @DisplayName("writes")
    class Writes {
        @Test
        @DisplayName("a recorded event is read back with every field, optional ones absent included")
        void record_thenRead_returnsEqualEvent() {
            AuditEvent full = new AuditEvent(
                    T0,
                    institution,
                    Actor.patient(Fresh.patient()),
                    "patient.document.open",
                    Fresh.patient(),
                    "doc-1",
                    AuditEvent.Outcome.DENIED,
                    "2001:db8::1",
                    Map.of("error", "not-found", "content", "true", "note", "árvíztűrő"));
            AuditEvent sparse = new AuditEvent(
                    T0.plusSeconds(1),
                    institution,
                    Actor.anonymous(),
                    "login.start",
                    null,
                    null,
                    AuditEvent.Outcome.FAILED,
                    null,
                    Map.of());
            inUnitOfWork(() -> sink().record(full));
            inUnitOfWork(() -> sink().record(sparse));

            assertThat(inUnitOfWork(() -> recorded(institution))).containsExactly(full, sparse);
        }

        @Test
        @DisplayName("events are read back oldest first, and only those of the institution")
        void record_manyInstitutions_readsOwnInOrder() {
            List<AuditEvent> mine = new ArrayList<>();
            for (int i = 5; i >= 0; i--) {
                AuditEvent e = event(i);
                mine.add(0, e);
                inUnitOfWork(() -> sink().record(e));
                AuditEvent foreign = new AuditEvent(
                        T0,
                        Fresh.institution(),
                        Actor.system(),
                        "notify.sent",
                        null,
                        null,
                        AuditEvent.Outcome.SUCCESS,
                        null,
                        Map.of());
                inUnitOfWork(() -> sink().record(foreign));
            }

            assertThat(inUnitOfWork(() -> recorded(institution))).containsExactlyElementsOf(mine);
        }
    }

    @Nested
    @DisplayName("concurrency")
    class Concurrency {
        @Test
        @DisplayName("20 threads recording 25 events each at once: all 500 are kept")
        void record_concurrently_losesNothing() {
            List<Race.Outcome<List<AuditEvent>>> outcomes = Race.run(20, t -> () -> {
                List<AuditEvent> mine = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    AuditEvent e = event(t * 25 + i);
                    inUnitOfWork(() -> sink().record(e));
                    mine.add(e);
                }
                return mine;
            });

            List<AuditEvent> all =
                    Fresh.resultsOf(outcomes).stream().flatMap(List::stream).toList();
            assertThat(inUnitOfWork(() -> recorded(institution))).hasSize(500).containsExactlyInAnyOrderElementsOf(all);
        }
    }
}
