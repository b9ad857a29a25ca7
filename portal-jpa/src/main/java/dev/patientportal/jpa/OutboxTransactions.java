package dev.patientportal.jpa;

import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import jakarta.persistence.EntityManager;
import java.util.function.Function;

/**
 * The dispatcher's short units of work: a claim, or one recorded outcome, each committed on its own.
 *
 * @param runner how a unit of work runs
 * @param entityManagers the current entity manager of each unit of work
 */
record OutboxTransactions(TransactionRunner runner, EntityManagerProvider entityManagers) {
    <T> T inTransaction(Function<EntityManager, T> work) {
        return runner.inTransaction(() -> work.apply(entityManagers.currentEntityManager()));
    }
}
