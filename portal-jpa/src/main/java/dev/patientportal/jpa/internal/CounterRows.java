package dev.patientportal.jpa.internal;

import dev.patientportal.jpa.spi.EntityManagerProvider;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A table of counter rows keyed by their first column, the common part of {@link JpaLockoutStore} and
 * {@link JpaRateLimitStore}: a count is one upsert (see {@link RowCreator}: insert the row, or merge into it), which
 * leaves the row locked until the unit of work commits, and its result read back in the same transaction, so
 * concurrent counts on any node get distinct results. Database failures become
 * {@link dev.patientportal.core.TemporaryFailureException}s.
 */
abstract class CounterRows {
    private final EntityManagerProvider entityManagers;
    private final RowCreator rows;
    private final String table;
    private final String[] key;
    private final String[] columns;
    private final Map<String, RowCreator.Merge> merges;

    CounterRows(
            EntityManagerProvider entityManagers,
            RowCreator rows,
            String table,
            String[] columns,
            Map<String, RowCreator.Merge> merges) {
        this.entityManagers = Objects.requireNonNull(entityManagers, "entityManagers");
        this.rows = Objects.requireNonNull(rows, "rows");
        this.table = table;
        this.key = new String[] {columns[0]};
        this.columns = columns;
        this.merges = merges;
    }

    /**
     * Counts: upserts a row of these values and reads the result back.
     *
     * @param values the values of a new row, in the order of the columns, key first
     * @param failure what failed, for the exception's message
     * @param readBack reads this call's result while the row lock is held
     */
    final <T> T count(Object[] values, String failure, Function<EntityManager, T> readBack) {
        EntityManager em = entityManagers.currentEntityManager();
        try {
            rows.upsert(em, table, key, columns, values, merges);
            // Our own change, read back while we hold the row lock.
            return readBack.apply(em);
        } catch (PersistenceException e) {
            throw Exceptions.temporary(failure, e);
        }
    }

    /**
     * Counts, taking the result from the upsert itself where the database returns it ({@code RETURNING} on
     * PostgreSQL: one statement), else reading it back as {@link #count(Object[], String, Function)} does.
     *
     * @param values the values of a new row, in the order of the columns, key first
     * @param failure what failed, for the exception's message
     * @param returning the columns the result is made of
     * @param fromRow makes the result of their values
     * @param readBack reads this call's result while the row lock is held, where the upsert cannot return it
     */
    final <T> T count(
            Object[] values,
            String failure,
            String[] returning,
            Function<Object[], T> fromRow,
            Function<EntityManager, T> readBack) {
        EntityManager em = entityManagers.currentEntityManager();
        try {
            Object[] row = rows.upsert(em, table, key, columns, values, merges, returning);
            return row != null ? fromRow.apply(row) : readBack.apply(em);
        } catch (PersistenceException e) {
            throw Exceptions.temporary(failure, e);
        }
    }

    /**
     * Runs other work on the current unit of work.
     *
     * @param failure what failed, for the exception's message
     * @param work the work
     */
    final <T> T query(String failure, Function<EntityManager, T> work) {
        try {
            return work.apply(entityManagers.currentEntityManager());
        } catch (PersistenceException e) {
            throw Exceptions.temporary(failure, e);
        }
    }
}
