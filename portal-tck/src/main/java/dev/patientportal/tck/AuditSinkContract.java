package dev.patientportal.testkit.contract;

import dev.patientportal.testkit.Race;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.spi.AuditSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AuditSink} must do: keep every event it was given, with every field, and lose none under concurrent
 * use. The SPI only writes, so an implementation also says how to read its events back ({@link #recorded}).
 */
public abstract class AuditSinkContract extends ContractSupport {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    /** The sink under test, from {@link #createSink()}. */
    protected AuditSink sink;

    private final InstitutionId institution = newInstitution();

    /** For subclasses. */
    protected AuditSinkContract() {}

    /**
     * Creates the sink under test; called before each test. It may hold events of other tests.
     *
     * @return the sink
     */
    protected abstract AuditSink createSink();

    /**
     * Reads back the events recorded for an institution, called through {@link #inTx}.
     *
     * @param institution the institution
     * @return its events, oldest ({@link AuditEvent#at()}) first
     */
    protected abstract List<AuditEvent> recorded(InstitutionId institution);

    /** Creates the sink. */
    @BeforeEach
    void createSinkUnderTest() {
        sink = createSink();
    }

    private AuditEvent event(int i) {
        return new AuditEvent(T0.plusSeconds(i), institution, Actor.staff(StaffId.of("staff-" + i)), "access.grant",
                newPatient(), "target-" + i, AuditEvent.Outcome.SUCCESS, "192.0.2." + (i % 250),
                Map.of("n", Integer.toString(i)));
    }

    @Test
    @DisplayName("a recorded event is read back with every field, optional ones absent included")
    void record_thenRead_returnsEqualEvent() {
        AuditEvent full = new AuditEvent(T0, institution, Actor.patient(newPatient()), "patient.document.open",
                newPatient(), "doc-1", AuditEvent.Outcome.DENIED, "2001:db8::1",
                Map.of("error", "not-found", "content", "true", "note", "árvíztűrő"));
        AuditEvent sparse = new AuditEvent(T0.plusSeconds(1), institution, Actor.anonymous(), "login.start", null,
                null, AuditEvent.Outcome.FAILED, null, Map.of());
        doInTx(() -> sink.record(full));
        doInTx(() -> sink.record(sparse));

        assertThat(inTx(() -> recorded(institution))).containsExactly(full, sparse);
    }

    @Test
    @DisplayName("events are read back oldest first, and only those of the institution")
    void record_manyInstitutions_readsOwnInOrder() {
        List<AuditEvent> mine = new ArrayList<>();
        for (int i = 5; i >= 0; i--) {
            AuditEvent e = event(i);
            mine.add(0, e);
            doInTx(() -> sink.record(e));
            AuditEvent foreign = new AuditEvent(T0, newInstitution(), Actor.system(), "notify.sent", null, null,
                    AuditEvent.Outcome.SUCCESS, null, Map.of());
            doInTx(() -> sink.record(foreign));
        }

        assertThat(inTx(() -> recorded(institution))).containsExactlyElementsOf(mine);
    }

    @Test
    @DisplayName("20 threads recording 25 events each at once: all 500 are kept")
    void record_concurrently_losesNothing() {
        List<Race.Outcome<List<AuditEvent>>> outcomes = Race.run(20, t -> () -> {
            List<AuditEvent> mine = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                AuditEvent e = event(t * 25 + i);
                doInTx(() -> sink.record(e));
                mine.add(e);
            }
            return mine;
        });

        assertThat(outcomes).allMatch(Race.Outcome::succeeded);
        List<AuditEvent> all = outcomes.stream().flatMap(o -> o.result().stream()).toList();
        assertThat(inTx(() -> recorded(institution))).hasSize(500).containsExactlyInAnyOrderElementsOf(all);
    }
}
