package dev.patientportal.jpa.internal;

import dev.patientportal.core.ConflictException;
import dev.patientportal.core.PortalException;
import dev.patientportal.core.TemporaryFailureException;
import jakarta.persistence.EntityExistsException;
import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PessimisticLockException;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * Turns persistence failures into the portal's exceptions, by JPA exception type and by SQLSTATE, so no provider type
 * is needed. The messages are fixed text: a database message may quote the values of a violated key, which can be
 * personal data (an e-mail address in a grant), so it is never copied into the portal's message.
 */
public final class Exceptions {
    private Exceptions() {}

    /**
     * Translates a failure.
     *
     * @param what what was being done, without personal data, such as {@code "Updating the access grant"}
     * @param e the failure
     * @return a {@link ConflictException} for constraint violations, optimistic-lock failures, deadlocks and
     *     serialization failures; a {@link TemporaryFailureException} for anything else
     */
    public static PortalException translate(String what, RuntimeException e) {
        if (e instanceof PortalException p) {
            return p;
        }
        if (isConflict(e)) {
            return new ConflictException(what + " collided with a concurrent change or an existing record", e);
        }
        return new TemporaryFailureException(what + " failed in the database", e);
    }

    /**
     * Translates a failure of an operation whose SPI reports every backend failure as temporary (the login and
     * notification stores): a lock timeout or deadlock is as temporary as a lost connection there.
     *
     * @param what what was being done, without personal data
     * @param e the failure
     * @return the failure itself when it is already a portal exception, else a {@link TemporaryFailureException}
     */
    public static PortalException temporary(String what, RuntimeException e) {
        if (e instanceof PortalException p) {
            return p;
        }
        return new TemporaryFailureException(what + " failed in the database", e);
    }

    /**
     * Tells whether a failure means "someone else changed or holds this": a unique or foreign-key violation (SQLSTATE
     * class 23), a deadlock or serialization failure (class 40), a lock timeout or an optimistic-lock failure.
     *
     * @param e the failure
     * @return whether it is a conflict
     */
    public static boolean isConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException
                    || t instanceof EntityExistsException
                    || t instanceof PessimisticLockException
                    || t instanceof LockTimeoutException) {
                return true;
            }
            String state = sqlState(t);
            if (state != null && (state.startsWith("23") || state.startsWith("40"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * Describes a failure for a log line without any message text (which might quote data): the exception classes of
     * the cause chain and the SQLSTATE, if any.
     *
     * @param e the failure
     * @return for example {@code "PersistenceException <- SQLException[40001]"}
     */
    public static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (Throwable t = e; t != null && depth < 6; t = t.getCause(), depth++) {
            if (depth > 0) {
                sb.append(" <- ");
            }
            sb.append(t.getClass().getSimpleName());
            String state = sqlState(t);
            if (state != null) {
                sb.append('[').append(state).append(']');
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }

    private static @Nullable String sqlState(Throwable t) {
        if (t instanceof SQLException s) {
            return s.getSQLState();
        }
        return null;
    }

    /**
     * Whether a throwable is a persistence failure this class translates.
     *
     * @param e the failure
     * @return {@code true} for {@link PersistenceException} and anything caused by an {@link SQLException}
     */
    public static boolean isPersistenceFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PersistenceException || t instanceof SQLException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
