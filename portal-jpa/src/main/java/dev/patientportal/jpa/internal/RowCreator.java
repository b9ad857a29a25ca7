package dev.patientportal.jpa.internal;

import dev.patientportal.core.TemporaryFailureException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Upserts in the caller's transaction that never fail it when a concurrent transaction creates the same row first:
 * {@link #upsert} (insert or change, one atomic step: counters of rate limits and lockouts, device registrations) and
 * {@link #insertIfAbsent} (create the row, which the caller then changes with a conditional {@code UPDATE} that waits for
 * the row lock: the SMS ledger's budget check). Either way concurrent callers serialise on the row and count exactly.
 *
 * <p>{@link #insertIfAbsent}:
 * <ul>
 *   <li>PostgreSQL: {@code INSERT ... ON CONFLICT DO NOTHING} (waits for a concurrent insert of the key, then does
 *       nothing).
 *   <li>MariaDB / MySQL: {@code INSERT ... ON DUPLICATE KEY UPDATE <key> = <key>} (a no-op update that takes the row's
 *       exclusive lock, never a shared one, so concurrent callers do not deadlock upgrading it).
 *   <li>H2 and anything else: a plain {@code INSERT} inside a JDBC savepoint; a unique violation (SQLSTATE 23xxx) rolls
 *       back to the savepoint and leaves the transaction usable.
 * </ul>
 *
 * <p>Thread-safe; the database kind is detected once from JDBC metadata.
 */
public final class RowCreator {
    private enum Kind {
        POSTGRESQL,
        MARIADB,
        OTHER
    }

    private volatile @Nullable Kind kind;

    /** Creates the helper; the database is detected on first use. */
    public RowCreator() {}

    /**
     * Inserts a row unless a row with its primary key exists.
     *
     * @param em the entity manager of the current unit of work
     * @param table the table
     * @param keyColumn one column of the primary key (for MariaDB's no-op update)
     * @param columns the columns to insert
     * @param values their values: {@link String}, {@link Long}, {@link Integer}, {@link Boolean}, {@link BigDecimal}
     *     or {@link Instant}
     */
    void insertIfAbsent(EntityManager em, String table, String keyColumn, String[] columns, Object[] values) {
        Kind k = kind(em);
        StringJoiner names = new StringJoiner(", ", "(", ")");
        StringJoiner marks = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < columns.length; i++) {
            names.add(columns[i]);
            marks.add(k == Kind.OTHER ? "?" : "?" + (i + 1));
        }
        String insert = "INSERT INTO " + table + " " + names + " VALUES " + marks;
        switch (k) {
            case POSTGRESQL ->
                bind(em.createNativeQuery(insert + " ON CONFLICT DO NOTHING"), values)
                        .executeUpdate();
            case MARIADB ->
                bind(em.createNativeQuery(insert + " ON DUPLICATE KEY UPDATE " + keyColumn + " = " + keyColumn), values)
                        .executeUpdate();
            case OTHER -> em.runWithConnection((Connection c) -> insertInSavepoint(c, insert, values));
        }
    }

    /** How an upsert changes a column of an existing row, from the value it would have inserted. */
    enum Merge {
        /** {@code column = column + inserted}. */
        ADD,
        /** {@code column = GREATEST(column, inserted)}. */
        MAX,
        /** {@code column = inserted}. */
        SET
    }

    /**
     * Inserts a row, or changes the existing row with that key, in one atomic step: the row ends locked by the caller's
     * transaction, so reading it back in the same transaction gives this call's result.
     *
     * <ul>
     *   <li>PostgreSQL: {@code INSERT ... ON CONFLICT (key) DO UPDATE SET ...}.
     *   <li>MariaDB / MySQL: {@code INSERT ... ON DUPLICATE KEY UPDATE ...} with {@code VALUES(column)}.
     *   <li>H2 and anything else: {@code INSERT} in a JDBC savepoint, and on a unique violation the {@code UPDATE},
     *       repeated (at most ten times) if a concurrent delete removed the row in between.
     * </ul>
     *
     * @param em the entity manager of the current unit of work
     * @param table the table
     * @param keyColumns the primary key's columns, the first ones of {@code columns}
     * @param columns the columns to insert
     * @param values their values for a new row
     * @param merges how each non-key column of an existing row changes
     * @throws dev.patientportal.core.TemporaryFailureException when the row kept vanishing (H2 path only)
     */
    void upsert(
            EntityManager em,
            String table,
            String[] keyColumns,
            String[] columns,
            Object[] values,
            java.util.Map<String, Merge> merges) {
        upsert(em, table, keyColumns, columns, values, merges, new String[0]);
    }

    /**
     * {@link #upsert(EntityManager, String, String[], String[], Object[], java.util.Map)}, returning columns of the row
     * as the upsert left it where the database can in the same statement ({@code ... RETURNING} on PostgreSQL).
     *
     * @param returning the columns to return
     * @return their values in that order, or {@code null} where the caller must read them back (MariaDB, H2)
     */
    Object @Nullable [] upsert(
            EntityManager em,
            String table,
            String[] keyColumns,
            String[] columns,
            Object[] values,
            java.util.Map<String, Merge> merges,
            String[] returning) {
        Kind k = kind(em);
        StringJoiner names = new StringJoiner(", ", "(", ")");
        StringJoiner marks = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < columns.length; i++) {
            names.add(columns[i]);
            marks.add(k == Kind.OTHER ? "?" : "?" + (i + 1));
        }
        String insert = "INSERT INTO " + table + " " + names + " VALUES " + marks;
        StringJoiner set = new StringJoiner(", ");
        switch (k) {
            case POSTGRESQL -> {
                merges.forEach((column, merge) -> set.add(column + " = "
                        + switch (merge) {
                            case ADD -> table + "." + column + " + EXCLUDED." + column;
                            case MAX -> "GREATEST(" + table + "." + column + ", EXCLUDED." + column + ")";
                            case SET -> "EXCLUDED." + column;
                        }));
                String sql = insert + " ON CONFLICT (" + String.join(", ", keyColumns) + ") DO UPDATE SET " + set;
                if (returning.length > 0) {
                    List<?> row = bind(em.createNativeQuery(sql + " RETURNING " + String.join(", ", returning)), values)
                            .getResultList();
                    Object first = row.get(0);
                    return first instanceof Object[] many ? many : new Object[] {first};
                }
                bind(em.createNativeQuery(sql), values).executeUpdate();
            }
            case MARIADB -> {
                merges.forEach((column, merge) -> set.add(column + " = "
                        + switch (merge) {
                            case ADD -> column + " + VALUES(" + column + ")";
                            case MAX -> "GREATEST(" + column + ", VALUES(" + column + "))";
                            case SET -> "VALUES(" + column + ")";
                        }));
                bind(em.createNativeQuery(insert + " ON DUPLICATE KEY UPDATE " + set), values)
                        .executeUpdate();
            }
            case OTHER -> {
                List<Object> updateValues = new ArrayList<>();
                merges.forEach((column, merge) -> {
                    set.add(column + " = "
                            + switch (merge) {
                                case ADD -> column + " + ?";
                                case MAX -> "GREATEST(" + column + ", ?)";
                                case SET -> "?";
                            });
                    updateValues.add(values[List.of(columns).indexOf(column)]);
                });
                StringJoiner where = new StringJoiner(" AND ");
                for (int i = 0; i < keyColumns.length; i++) {
                    where.add(keyColumns[i] + " = ?");
                    updateValues.add(values[i]);
                }
                String update = "UPDATE " + table + " SET " + set + " WHERE " + where;
                boolean done = em.<Connection, Boolean>callWithConnection(c -> {
                    for (int round = 0; round < 10; round++) {
                        if (insertInSavepoint(c, insert, values) || execute(c, update, updateValues.toArray()) == 1) {
                            return true;
                        }
                    }
                    return false;
                });
                if (!done) {
                    throw new TemporaryFailureException("A counter row kept vanishing under concurrent deletes");
                }
            }
        }
        return null;
    }

    private static int execute(Connection c, String sql, Object[] values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                Object v = values[i];
                s.setObject(i + 1, v instanceof Instant t ? OffsetDateTime.ofInstant(t, ZoneOffset.UTC) : v);
            }
            return s.executeUpdate();
        }
    }

    private static Query bind(Query q, Object[] values) {
        for (int i = 0; i < values.length; i++) {
            q.setParameter(i + 1, values[i]);
        }
        return q;
    }

    /** Inserts in a savepoint; a unique violation rolls back to it. Returns whether the row was inserted. */
    private static boolean insertInSavepoint(Connection c, String sql, Object[] values) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try {
            execute(c, sql, values);
        } catch (SQLException e) {
            c.rollback(savepoint);
            String state = e.getSQLState();
            if (state == null || !state.startsWith("23")) {
                throw e;
            }
            return false;
        }
        c.releaseSavepoint(savepoint);
        return true;
    }

    private Kind kind(EntityManager em) {
        Kind k = kind;
        if (k == null) {
            k = em.<Connection, Kind>callWithConnection(c -> {
                DatabaseMetaData md = c.getMetaData();
                String product = md.getDatabaseProductName().toLowerCase(Locale.ROOT);
                String version = md.getDatabaseProductVersion().toLowerCase(Locale.ROOT);
                if (product.contains("postgres")) {
                    return Kind.POSTGRESQL;
                }
                if (product.contains("mariadb") || product.contains("mysql") || version.contains("mariadb")) {
                    return Kind.MARIADB;
                }
                return Kind.OTHER;
            });
            kind = k;
        }
        return k;
    }
}
