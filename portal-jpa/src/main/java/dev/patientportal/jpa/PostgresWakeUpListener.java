package dev.patientportal.jpa;

import dev.patientportal.jpa.internal.Exceptions;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes a dispatcher when any node commits a notification, on PostgreSQL: a connection of its own (from the persistence
 * unit) runs {@code LISTEN portal_outbox} and waits in pgjdbc's {@link PGConnection#getNotifications(int)}; the
 * {@code portal_outbox_notify} trigger of {@code V6__outbox_notify.sql} sends the table's schema as the payload when a
 * row becomes due, delivered by PostgreSQL at commit. A lost connection is reopened with a growing pause; meanwhile the
 * dispatcher polls as usual.
 *
 * <p>Referenced only after {@link #driverPresent()} said pgjdbc is on the class path: it is an optional dependency.
 */
final class PostgresWakeUpListener implements Runnable {
    // The dispatcher's logger: hosts tune its level by that name.
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
    static final String CHANNEL = "portal_outbox";
    private static final int WAIT_MILLIS = 250;

    private final String name;
    private final EntityManagerFactory factory;
    private final Runnable wakeUp;
    private volatile boolean stopping;
    private volatile boolean listening;
    private @Nullable Thread thread;

    PostgresWakeUpListener(String name, EntityManagerFactory factory, Runnable wakeUp) {
        this.name = name;
        this.factory = factory;
        this.wakeUp = wakeUp;
    }

    /** Whether pgjdbc is on the class path, without loading any of it. */
    static boolean driverPresent() {
        try {
            Class.forName("org.postgresql.PGConnection", false, PostgresWakeUpListener.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    synchronized void start() {
        Thread t = new Thread(this, name + "-listener");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Stops listening within about a quarter of a second and gives the connection back. */
    void stop() {
        stopping = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(2L * WAIT_MILLIS + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether {@code LISTEN} is in effect right now. */
    boolean listening() {
        return listening;
    }

    @Override
    public void run() {
        long pause = 1000;
        while (!stopping) {
            try {
                EntityManager em = factory.createEntityManager();
                try {
                    em.runWithConnection((Connection c) -> listen(c));
                } finally {
                    em.close();
                }
                pause = 1000;
            } catch (RuntimeException e) {
                LOG.warn(
                        "Outbox dispatcher {}: listening for commits failed, polling meanwhile: {}",
                        name,
                        Exceptions.describe(e));
            }
            if (stopping) {
                return;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
            pause = Math.min(30_000, pause * 2);
        }
    }

    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        String schema = outboxSchema(c);
        if (schema == null) {
            LOG.info(
                    "Outbox dispatcher {}: no portal_outbox_notify trigger (V6__outbox_notify.sql not applied?);"
                            + " polling only",
                    name);
            stopping = true;
            return;
        }
        boolean autoCommit = c.getAutoCommit();
        // LISTEN takes effect, and notifications arrive, only between transactions.
        c.setAutoCommit(true);
        try {
            try (Statement s = c.createStatement()) {
                s.execute("LISTEN " + CHANNEL);
            }
            listening = true;
            LOG.debug("Outbox dispatcher {} listens for commits on schema {}", name, schema);
            while (!stopping) {
                PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
                if (notifications == null) {
                    continue;
                }
                for (PGNotification n : notifications) {
                    if (schema.equals(n.getParameter())) {
                        wakeUp.run();
                        break;
                    }
                }
            }
        } finally {
            listening = false;
            try (Statement s = c.createStatement()) {
                s.execute("UNLISTEN " + CHANNEL);
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /**
     * The schema the unqualified {@code portal_outbox} resolves to on this connection (as the dispatcher's own
     * statements resolve it), when its notify trigger is there.
     */
    private static @Nullable String outboxSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT n.nspname FROM pg_class t"
                        + " JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_trigger g ON g.tgrelid = t.oid"
                        + " WHERE t.oid = to_regclass('portal_outbox') AND g.tgname = 'portal_outbox_notify'")) {
            String schema = rs.next() ? rs.getString(1) : null;
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return schema;
        }
    }
}
