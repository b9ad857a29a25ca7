package dev.patientportal.tck;

import static dev.patientportal.tck.Fresh.present;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.AuditChain;
import dev.patientportal.core.AuditChainSettings;
import dev.patientportal.core.AuditCheckpoint;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuditKey;
import dev.patientportal.core.AuditKeyring;
import dev.patientportal.core.AuditMaintenance;
import dev.patientportal.core.AuditPurge;
import dev.patientportal.core.AuditRecord;
import dev.patientportal.core.AuditVerification;
import dev.patientportal.core.AuditVerifier;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.spi.AuditQuery;
import dev.patientportal.core.spi.AuditTrail;
import dev.patientportal.core.spi.PortalStores;
import dev.patientportal.testkit.Race;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AuditTrail} (with the {@link dev.patientportal.core.spi.AuditSink} that fills it) must do: number
 * each institution's events from 1 without gaps and chain them so that {@link AuditVerifier} finds the chain intact,
 * also under concurrent writers and across a key rotation; answer queries newest first with every filter and a stable
 * keyset cursor; store a checkpoint every so many events and on demand; and purge a prefix of old events leaving a
 * chain that verifies from the cut.
 */
public abstract class AuditTrailContract extends SpiContract<PortalStores> {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00.123456Z");

    private final InstitutionId institution = Fresh.institution();
    private final AuditKey keyA = AuditKey.random("contract-a");
    private final AuditKeyring keys = AuditKeyring.of(keyA);

    /** For subclasses. */
    protected AuditTrailContract() {}

    /**
     * Returns the stores under test: an audit sink that chains under the settings, and its trail. Every call within one
     * test must reach the same storage, as a second node or a restart with other keys would; the storage may hold
     * events of other tests.
     *
     * @param settings the keys and checkpoint interval
     * @return the stores; only {@link PortalStores#audit()} and {@link PortalStores#auditTrail()} are used
     */
    protected abstract PortalStores createStores(AuditChainSettings settings);

    private PortalStores stores() {
        return createStores(AuditChainSettings.of(keys));
    }

    /** The stores under the contract's default keys; see {@link #createStores}. */
    @Override
    protected PortalStores subject() {
        return stores();
    }

    private AuditEvent event(
            int i, @Nullable PatientId patient, Actor actor, String action, AuditEvent.Outcome outcome) {
        return new AuditEvent(
                T0.plusSeconds(i),
                institution,
                actor,
                action,
                patient,
                "target-" + i,
                outcome,
                "192.0.2." + (i % 250),
                Map.of("n", Integer.toString(i)));
    }

    private AuditEvent event(int i) {
        return event(
                i,
                null,
                Actor.staff(StaffId.of("staff-" + (i % 3))),
                AuditActions.ACCESS_READ,
                AuditEvent.Outcome.SUCCESS);
    }

    private void record(PortalStores stores, AuditEvent e) {
        inUnitOfWork(() -> stores.audit().record(e));
    }

    private AuditVerification verify(AuditKeyring with) {
        return AuditVerifier.of(stores().auditTrail(), with, transactions()).verify(institution);
    }

    private List<AuditRecord> query(AuditTrail trail, AuditQuery q) {
        return inUnitOfWork(() -> trail.query(q));
    }

    // NullAway does not read the nested-type annotation of AuditQuery's AuditEvent.@Nullable Outcome from the class
    // file, so passing null there is reported although the record allows it; the other components are read fine.
    @SuppressWarnings("NullAway")
    private static AuditQuery query(
            InstitutionId institution,
            @Nullable PatientId patient,
            @Nullable Actor actor,
            Set<String> actions,
            AuditEvent.@Nullable Outcome outcome,
            @Nullable Instant from,
            @Nullable Instant to,
            AuditQuery.@Nullable Position after,
            int limit) {
        return new AuditQuery(institution, patient, actor, actions, outcome, from, to, after, limit);
    }

    private AuditQuery all(int limit) {
        return query(institution, null, null, Set.of(), null, null, null, null, limit);
    }

    @Test
    @DisplayName("events are numbered from 1 without gaps, stored as recorded (times in microseconds) and chained")
    void record_numbersAndChains() {
        PortalStores stores = stores();
        List<AuditEvent> recorded = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            AuditEvent e = event(i);
            recorded.add(e);
            record(stores, e);
        }
        List<AuditRecord> chain = inUnitOfWork(() -> stores.auditTrail().chain(institution, 1, 100));

        assertThat(chain).extracting(AuditRecord::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(chain)
                .extracting(AuditRecord::event)
                .containsExactlyElementsOf(
                        recorded.stream().map(AuditChain::storable).toList());
        assertThat(chain.get(0).link()).isNotNull();
        assertThat(present(chain.get(0).link()).previous()).isEqualTo(AuditChain.GENESIS);
        assertThat(present(chain.get(1).link()).previous())
                .isEqualTo(present(chain.get(0).link()).mac());
        assertThat(chain).allMatch(r -> AuditChain.verifies(keyA, r));
        AuditVerification v = verify(keys);
        assertThat(v.isIntact()).as("%s", v.firstBreak()).isTrue();
        assertThat(v.verified()).isEqualTo(7);
        assertThat(inUnitOfWork(() -> stores.auditTrail().chain(institution, 5, 2)))
                .extracting(AuditRecord::sequence)
                .containsExactly(5L, 6L);
    }

    @Test
    @DisplayName("a query lists the institution's events newest first, and each filter narrows it")
    void query_filters() {
        PortalStores stores = stores();
        PatientId anna = Fresh.patient();
        PatientId bela = Fresh.patient();
        Actor desk = Actor.staff(StaffId.of("desk"));
        Actor doctor = Actor.staff(StaffId.of("doctor"));
        record(stores, event(0, anna, desk, AuditActions.ACCESS_GRANT, AuditEvent.Outcome.SUCCESS));
        record(stores, event(1, bela, desk, AuditActions.ACCESS_GRANT, AuditEvent.Outcome.SUCCESS));
        record(stores, event(2, anna, doctor, AuditActions.DOCUMENT_PUBLISH, AuditEvent.Outcome.SUCCESS));
        record(stores, event(3, anna, doctor, AuditActions.DOCUMENT_PUBLISH, AuditEvent.Outcome.DENIED));
        record(stores, event(4, null, Actor.anonymous(), "login.start", AuditEvent.Outcome.SUCCESS));
        record(
                stores,
                new AuditEvent(
                        T0,
                        Fresh.institution(),
                        desk,
                        AuditActions.ACCESS_GRANT,
                        anna,
                        null,
                        AuditEvent.Outcome.SUCCESS,
                        null,
                        Map.of()));
        AuditTrail trail = stores.auditTrail();

        assertThat(query(trail, all(10)))
                .extracting(r -> r.event().details().get("n"))
                .containsExactly("4", "3", "2", "1", "0");
        assertThat(query(trail, query(institution, anna, null, Set.of(), null, null, null, null, 10)))
                .extracting(r -> r.event().details().get("n"))
                .containsExactly("3", "2", "0");
        assertThat(query(trail, query(institution, null, doctor, Set.of(), null, null, null, null, 10)))
                .extracting(r -> r.event().details().get("n"))
                .containsExactly("3", "2");
        assertThat(query(
                        trail,
                        query(
                                institution,
                                null,
                                null,
                                Set.of(AuditActions.ACCESS_GRANT, "login.start"),
                                null,
                                null,
                                null,
                                null,
                                10)))
                .extracting(r -> r.event().details().get("n"))
                .containsExactly("4", "1", "0");
        assertThat(query(
                        trail,
                        query(
                                institution,
                                anna,
                                doctor,
                                Set.of(AuditActions.DOCUMENT_PUBLISH),
                                AuditEvent.Outcome.SUCCESS,
                                null,
                                null,
                                null,
                                10)))
                .extracting(r -> r.event().details().get("n"))
                .containsExactly("2");
        assertThat(query(
                        trail,
                        query(institution, null, null, Set.of(), null, T0.plusSeconds(1), T0.plusSeconds(3), null, 10)))
                .as("from is inclusive, to exclusive")
                .extracting(r -> r.event().details().get("n"))
                .containsExactly("2", "1");
        assertThat(query(trail, all(2))).hasSize(2);
    }

    @Test
    @DisplayName("keyset pages of 3 list every event once, newest first, also when events of the same instant tie")
    void query_pages() {
        PortalStores stores = stores();
        for (int i = 0; i < 10; i++) {
            AuditEvent e = event(i / 2); // two events per instant: the sequence number breaks the tie
            record(stores, e);
        }
        List<AuditRecord> seen = new ArrayList<>();
        AuditQuery.Position after = null;
        for (int page = 0; page < 10; page++) {
            AuditQuery q = query(institution, null, null, Set.of(), null, null, null, after, 3);
            List<AuditRecord> found = query(stores.auditTrail(), q);
            seen.addAll(found);
            if (found.size() < 3) {
                break;
            }
            after = AuditQuery.Position.of(found.get(2));
            // Newer events arriving between pages do not shift the later ones.
            record(stores, event(100 + page));
        }

        assertThat(seen.stream()
                        .filter(r -> Integer.parseInt(r.event().details().get("n")) < 100))
                .extracting(AuditRecord::sequence)
                .containsExactly(10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
    }

    @Test
    @DisplayName("10 threads recording 20 events each at once keep one unbroken chain of 200")
    void record_concurrently_keepsTheChain() {
        List<Race.Outcome<Void>> outcomes = Race.run(10, t -> () -> {
            PortalStores node = stores();
            for (int i = 0; i < 20; i++) {
                record(node, event(t * 20 + i));
            }
            return null;
        });

        assertThat(outcomes).allMatch(Race.Outcome::succeeded);
        List<AuditRecord> chain = inUnitOfWork(() -> stores().auditTrail().chain(institution, 1, 1000));
        assertThat(chain)
                .extracting(AuditRecord::sequence)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, 200).boxed().toList());
        AuditVerification v = verify(keys);
        assertThat(v.isIntact()).as("%s", v.firstBreak()).isTrue();
        assertThat(v.verified()).isEqualTo(200);
    }

    @Test
    @DisplayName("a checkpoint is stored every N events and on demand, signed, with the head at its sequence")
    void checkpoints_everyNAndOnDemand() {
        PortalStores stores = createStores(AuditChainSettings.of(keys).withCheckpointEvery(5));
        for (int i = 0; i < 12; i++) {
            record(stores, event(i));
        }
        AuditTrail trail = stores.auditTrail();
        List<AuditCheckpoint> stored = inUnitOfWork(() -> trail.checkpoints(institution, 0, 10));
        List<AuditRecord> chain = inUnitOfWork(() -> trail.chain(institution, 1, 100));

        assertThat(stored).extracting(AuditCheckpoint::sequence).containsExactly(5L, 10L);
        assertThat(stored).allMatch(c -> c.verifies(keys));
        assertThat(stored.get(1).head()).isEqualTo(present(chain.get(9).link()).mac());

        Instant at = T0.plus(Duration.ofHours(1));
        AuditCheckpoint now =
                inUnitOfWork(() -> trail.checkpoint(institution, at)).orElseThrow();
        assertThat(now.sequence()).isEqualTo(12);
        assertThat(now.head()).isEqualTo(present(chain.get(11).link()).mac());
        assertThat(now.verifies(keys)).isTrue();
        assertThat(AuditCheckpoint.fromJson(now.toJson())).isEqualTo(now);
        assertThat(inUnitOfWork(() -> trail.checkpoints(institution, 11, 10))).containsExactly(now);
        assertThat(inUnitOfWork(() -> trail.checkpoint(Fresh.institution(), at)))
                .isEmpty();
        assertThat(inUnitOfWork(trail::institutions)).contains(institution);
    }

    @Test
    @DisplayName("after a key rotation new events name the new key; the verifier needs both keys for the range")
    void rotation_linksWithTheNewKey() {
        record(stores(), event(0));
        record(stores(), event(1));
        AuditKey keyB = AuditKey.random("contract-b");
        PortalStores rotated = createStores(AuditChainSettings.of(AuditKeyring.of(keyB, keyA)));
        record(rotated, event(2));
        record(rotated, event(3));
        List<AuditRecord> chain = inUnitOfWork(() -> rotated.auditTrail().chain(institution, 1, 10));

        assertThat(chain)
                .extracting(r -> present(r.link()).keyId())
                .containsExactly("contract-a", "contract-a", "contract-b", "contract-b");
        assertThat(present(chain.get(2).link()).previous())
                .isEqualTo(present(chain.get(1).link()).mac());
        assertThat(verify(AuditKeyring.of(keyB, keyA)).isIntact()).isTrue();
        AuditVerification withoutOld = verify(AuditKeyring.of(keyB));
        assertThat(withoutOld.firstBreak()).isNotNull();
        assertThat(present(withoutOld.firstBreak()).kind()).isEqualTo(AuditVerification.Kind.UNKNOWN_KEY);
        assertThat(present(withoutOld.firstBreak()).sequence()).isEqualTo(1);
    }

    @Test
    @DisplayName("retention deletes the old prefix; the rest verifies from the checkpoint at the cut")
    void purge_keepsTheRestVerifiable() {
        PortalStores stores = stores();
        for (int i = 0; i < 10; i++) {
            AuditEvent e = event(i);
            record(
                    stores,
                    new AuditEvent(
                            T0.plus(Duration.ofDays(i)),
                            e.institution(),
                            e.actor(),
                            e.action(),
                            e.patient(),
                            e.targetId(),
                            e.outcome(),
                            e.clientAddress(),
                            e.details()));
        }
        List<AuditRecord> before = inUnitOfWork(() -> stores.auditTrail().chain(institution, 1, 100));
        Instant now = T0.atOffset(ZoneOffset.UTC)
                .plusYears(1)
                .plusDays(4)
                .plusHours(12)
                .toInstant();
        AuditMaintenance maintenance = AuditMaintenance.builder()
                .stores(stores)
                .transactions(transactions())
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .retention(institution, Period.ofYears(1))
                .build();

        AuditPurge purge = maintenance.purgeOlderThan(institution, Period.ofYears(1));

        assertThat(purge.deleted()).isEqualTo(5);
        assertThat(purge.throughSequence()).isEqualTo(5);
        assertThat(purge.checkpoint()).isNotNull();
        assertThat(present(purge.checkpoint()).sequence()).isEqualTo(5);
        assertThat(present(purge.checkpoint()).head())
                .isEqualTo(present(before.get(4).link()).mac());
        List<AuditRecord> after = inUnitOfWork(() -> stores.auditTrail().chain(institution, 1, 100));
        assertThat(after).extracting(AuditRecord::sequence).containsExactly(6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(after.get(5).event().action()).isEqualTo(AuditActions.AUDIT_PURGE);
        assertThat(after.get(5).event().details()).containsEntry(AuditActions.PURGE_THROUGH, "5");
        AuditVerification v = verify(keys);
        assertThat(v.isIntact()).as("%s", v.firstBreak()).isTrue();
        assertThat(v.startedFrom()).isEqualTo(purge.checkpoint());
        assertThat(v.firstSequence()).isEqualTo(6);
        assertThat(v.verified()).isEqualTo(6);

        assertThat(maintenance.purgeOlderThan(institution, Period.ofYears(1)).deleted())
                .as("nothing more is old enough")
                .isZero();
        assertThat(maintenance.purgeExpired())
                .anySatisfy(p -> assertThat(p.institution()).isEqualTo(institution));
    }

    @Test
    @DisplayName("a purge deletes only an unbroken prefix: an old event after a young one stays")
    void purge_onlyAPrefix() {
        PortalStores stores = stores();
        Instant[] times = {T0, T0.plus(Duration.ofDays(30)), T0, T0};
        for (int i = 0; i < times.length; i++) {
            AuditEvent e = event(i);
            record(
                    stores,
                    new AuditEvent(
                            times[i],
                            e.institution(),
                            e.actor(),
                            e.action(),
                            e.patient(),
                            e.targetId(),
                            e.outcome(),
                            e.clientAddress(),
                            e.details()));
        }

        AuditPurge purge = inUnitOfWork(() ->
                stores.auditTrail().purge(institution, T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(40))));

        assertThat(purge.deleted()).isEqualTo(1);
        assertThat(inUnitOfWork(() -> stores.auditTrail().chain(institution, 1, 10)))
                .extracting(AuditRecord::sequence)
                .containsExactly(2L, 3L, 4L);
        assertThat(inUnitOfWork(() -> stores.auditTrail().purge(institution, T0, T0))
                        .deleted())
                .isZero();
    }

    @Test
    @DisplayName("query results are of the institution only, sorted newest first across many writes")
    void query_sortedLikeTheCursorOrder() {
        PortalStores stores = stores();
        for (int i = 0; i < 8; i++) {
            record(stores, event(i % 3 == 0 ? 0 : i));
        }
        List<AuditRecord> found = query(stores.auditTrail(), all(100));
        assertThat(found)
                .isSortedAccordingTo(
                        Comparator.comparing((AuditRecord r) -> r.event().at())
                                .thenComparingLong(AuditRecord::sequence)
                                .reversed());
        assertThat(found).allMatch(r -> r.event().institution().equals(institution));
    }
}
