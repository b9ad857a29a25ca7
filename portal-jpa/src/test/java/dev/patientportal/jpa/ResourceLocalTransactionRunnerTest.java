package dev.patientportal.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.jpa.internal.JpaAuditSink;
import dev.patientportal.jpa.testing.DatabaseKind;
import dev.patientportal.jpa.testing.TestDatabase;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The resource-local runner: one entity manager per unit of work and thread, commit, rollback, joining, and units of
 * work of their own ({@code inNewTransaction}) that commit whatever the suspended outer one does.
 */
class ResourceLocalTransactionRunnerTest {
    private static TestDatabase db;
    private static ResourceLocalTransactionRunner tx;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(DatabaseKind.H2);
        tx = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(4));
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    private static AuditEvent event(InstitutionId institution) {
        return new AuditEvent(
                Instant.parse("2026-03-02T08:00:00Z"),
                institution,
                Actor.system(),
                "test.event",
                null,
                null,
                AuditEvent.Outcome.SUCCESS,
                null,
                Map.of());
    }

    private static int stored(InstitutionId institution) {
        return tx.inTransaction(() ->
                JpaAuditSink.read(tx.currentEntityManager(), institution, 100).size());
    }

    @Test
    @DisplayName("work that returns is committed, and its result returned")
    void returningWork_commits() {
        InstitutionId inst = InstitutionId.of("inst-commit");
        String result = tx.inTransaction(() -> {
            JpaStores.create(tx).audit().record(event(inst));
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(stored(inst)).isEqualTo(1);
    }

    @Test
    @DisplayName("work that throws is rolled back and the very same exception propagates")
    void throwingWork_rollsBackAndRethrowsUnchanged() {
        InstitutionId inst = InstitutionId.of("inst-rollback");
        IllegalStateException failure = new IllegalStateException("boom");

        assertThatThrownBy(() -> tx.inTransaction(() -> {
                    JpaStores.create(tx).audit().record(event(inst));
                    throw failure;
                }))
                .isSameAs(failure);
        assertThat(stored(inst)).isZero();
        assertThat(tx.inUnitOfWork()).isFalse();
    }

    @Test
    @DisplayName("a nested unit of work joins the outer one: same entity manager, rolled back with it")
    void nestedWork_joinsOuter() {
        InstitutionId inst = InstitutionId.of("inst-nested");
        AtomicReference<EntityManager> outer = new AtomicReference<>();
        AtomicReference<EntityManager> inner = new AtomicReference<>();

        assertThatThrownBy(() -> tx.inTransaction(() -> {
                    outer.set(tx.currentEntityManager());
                    tx.inTransaction(() -> {
                        inner.set(tx.currentEntityManager());
                        JpaStores.create(tx).audit().record(event(inst));
                        return null;
                    });
                    throw new IllegalStateException("outer fails after inner returned");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(inner.get()).isSameAs(outer.get());
        assertThat(stored(inst)).isZero();
    }

    @Test
    @DisplayName("each thread gets its own entity manager")
    void threads_getTheirOwnEntityManagers() throws Exception {
        EntityManager mine = tx.inTransaction(tx::currentEntityManager);
        EntityManager theirs = CompletableFuture.supplyAsync(() -> tx.inTransaction(tx::currentEntityManager))
                .get();

        assertThat(theirs).isNotSameAs(mine);
    }

    @Test
    @DisplayName("outside a unit of work there is no entity manager: a wiring error, said plainly")
    void outsideUnitOfWork_noEntityManager() {
        assertThatThrownBy(tx::currentEntityManager)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inTransaction");
    }

    @Test
    @DisplayName("a transaction marked rollback-only is rolled back and reported, not committed")
    void rollbackOnly_isRolledBackAndReported() {
        InstitutionId inst = InstitutionId.of("inst-rollback-only");

        assertThatThrownBy(() -> tx.inTransaction(() -> {
                    JpaStores.create(tx).audit().record(event(inst));
                    tx.currentEntityManager().getTransaction().setRollbackOnly();
                    return null;
                }))
                .isInstanceOf(TemporaryFailureException.class);
        assertThat(stored(inst)).isZero();
    }

    @Test
    @DisplayName("inNewTransaction inside a unit of work commits on its own: the outer rolls back, the inner stays")
    void newTransaction_survivesOuterRollback() {
        InstitutionId outerInst = InstitutionId.of("inst-new-outer");
        InstitutionId innerInst = InstitutionId.of("inst-new-inner");
        AtomicReference<EntityManager> outer = new AtomicReference<>();
        AtomicReference<EntityManager> inner = new AtomicReference<>();
        AtomicReference<EntityManager> restored = new AtomicReference<>();

        assertThatThrownBy(() -> tx.inTransaction(() -> {
                    outer.set(tx.currentEntityManager());
                    JpaStores.create(tx).audit().record(event(outerInst));
                    String answer = tx.inNewTransaction(() -> {
                        inner.set(tx.currentEntityManager());
                        JpaStores.create(tx).audit().record(event(innerInst));
                        return "counted";
                    });
                    assertThat(answer).isEqualTo("counted");
                    restored.set(tx.currentEntityManager());
                    throw new IllegalStateException("the host's transaction fails afterwards");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the host's transaction fails afterwards");

        assertThat(inner.get()).isNotSameAs(outer.get());
        assertThat(restored.get()).isSameAs(outer.get());
        assertThat(stored(innerInst)).isEqualTo(1);
        assertThat(stored(outerInst)).isZero();
        assertThat(tx.inUnitOfWork()).isFalse();
    }

    @Test
    @DisplayName("inNewTransaction that throws rolls back only itself; the outer unit goes on and commits")
    void newTransaction_failureLeavesOuterIntact() {
        InstitutionId outerInst = InstitutionId.of("inst-new-outer-ok");
        InstitutionId innerInst = InstitutionId.of("inst-new-inner-fails");
        IllegalArgumentException failure = new IllegalArgumentException("inner fails");

        tx.inTransaction(() -> {
            JpaStores.create(tx).audit().record(event(outerInst));
            assertThatThrownBy(() -> tx.inNewTransaction(() -> {
                        JpaStores.create(tx).audit().record(event(innerInst));
                        throw failure;
                    }))
                    .isSameAs(failure);
            JpaStores.create(tx).audit().record(event(outerInst));
            return null;
        });

        assertThat(stored(outerInst)).isEqualTo(2);
        assertThat(stored(innerInst)).isZero();
    }

    @Test
    @DisplayName("inside inNewTransaction, a nested inTransaction joins the new unit, not the suspended one")
    void newTransaction_nestedWorkJoinsTheNewUnit() {
        InstitutionId inst = InstitutionId.of("inst-new-nested");
        AtomicReference<EntityManager> outer = new AtomicReference<>();
        AtomicReference<EntityManager> inner = new AtomicReference<>();
        AtomicReference<EntityManager> nested = new AtomicReference<>();

        assertThatThrownBy(() -> tx.inTransaction(() -> {
                    outer.set(tx.currentEntityManager());
                    tx.inNewTransaction(() -> {
                        inner.set(tx.currentEntityManager());
                        return tx.inTransaction(() -> {
                            nested.set(tx.currentEntityManager());
                            JpaStores.create(tx).audit().record(event(inst));
                            return null;
                        });
                    });
                    throw new IllegalStateException("outer fails");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(nested.get()).isSameAs(inner.get()).isNotSameAs(outer.get());
        assertThat(stored(inst)).isEqualTo(1);
    }

    @Test
    @DisplayName("inNewTransaction without a running unit of work is simply a unit of work")
    void newTransaction_aloneCommits() {
        InstitutionId inst = InstitutionId.of("inst-new-alone");
        tx.inNewTransaction(() -> {
            JpaStores.create(tx).audit().record(event(inst));
            return null;
        });

        assertThat(stored(inst)).isEqualTo(1);
        assertThat(tx.inUnitOfWork()).isFalse();
    }

    @Test
    @DisplayName("after-commit actions run once the unit commits, outside it, once each; never after a rollback")
    void afterCommit_runsAfterCommitOnly() {
        java.util.List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        Runnable once = () -> ran.add("once:" + tx.inUnitOfWork());
        tx.inTransaction(() -> {
            tx.afterCommit(once);
            tx.afterCommit(once);
            tx.inTransaction(() -> {
                tx.afterCommit(() -> ran.add("nested"));
                return null;
            });
            assertThat(ran).as("nothing before the commit").isEmpty();
            return null;
        });
        assertThat(ran).containsExactly("once:false", "nested");

        ran.clear();
        assertThatThrownBy(() -> tx.inTransaction(() -> {
                    tx.afterCommit(() -> ran.add("rolled back"));
                    throw new IllegalStateException("boom");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(ran).isEmpty();
        assertThatThrownBy(() -> tx.afterCommit(() -> {})).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("an inner unit's after-commit action runs when the inner unit commits, even if the outer rolls back")
    void afterCommit_innerUnitRunsItsOwn() {
        java.util.List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> tx.inTransaction(() -> {
                    tx.afterCommit(() -> ran.add("outer"));
                    tx.inNewTransaction(() -> {
                        tx.afterCommit(() -> ran.add("inner"));
                        return null;
                    });
                    assertThat(ran).containsExactly("inner");
                    throw new IllegalStateException("outer fails");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(ran).containsExactly("inner");
    }

    @Test
    @DisplayName("an after-commit action that throws does not fail the committed unit, nor stop the other actions")
    void afterCommit_failingActionIsContained() {
        InstitutionId inst = InstitutionId.of("inst-after-commit");
        java.util.List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        String result = tx.inTransaction(() -> {
            JpaStores.create(tx).audit().record(event(inst));
            tx.afterCommit(() -> {
                throw new IllegalStateException("action fails");
            });
            tx.afterCommit(() -> ran.add("second"));
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(ran).containsExactly("second");
        assertThat(stored(inst)).isEqualTo(1);
    }
}
