package dev.patientportal.jpa.internal;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import dev.patientportal.notify.spi.SmsUsage;
import dev.patientportal.notify.spi.SmsUsageLedger;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@link SmsUsageLedger} on {@code portal_sms_usage}, one row per (institution, month). {@link #tryReserve} creates the
 * row if absent (see {@link RowCreator}) and then records with one conditional
 * {@code UPDATE ... SET cost = cost + ? ... WHERE ... AND cost + ? <= budget}: concurrent reservations on any node queue
 * on the row lock and each checks the budget against what the previous one committed, so the budget is never
 * overspent.
 */
public final class JpaSmsUsageLedger implements SmsUsageLedger {
    private static final String[] COLUMNS = {
        "institution_id", "usage_month", "messages", "segments", "cost", "updated_at"
    };

    private final EntityManagerProvider entityManagers;
    private final RowCreator rows;
    private final Clock clock;

    /**
     * Creates the ledger.
     *
     * @param entityManagers the current entity manager
     * @param rows creates rows that may be created concurrently
     * @param clock when a row was last changed
     */
    public JpaSmsUsageLedger(EntityManagerProvider entityManagers, RowCreator rows, Clock clock) {
        this.entityManagers = Objects.requireNonNull(entityManagers, "entityManagers");
        this.rows = Objects.requireNonNull(rows, "rows");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean tryReserve(
            InstitutionId institution, YearMonth month, int segments, BigDecimal cost, @Nullable BigDecimal budget) {
        checkAmounts(segments, cost);
        Objects.requireNonNull(institution, "institution");
        String m = month.toString();
        EntityManager em = em();
        try {
            if (budget != null && cost.compareTo(budget) > 0) {
                return false;
            }
            rows.insertIfAbsent(em, "portal_sms_usage", "usage_month", COLUMNS, new Object[] {
                institution.value(), m, 0L, 0L, BigDecimal.ZERO, clock.instant()
            });
            String jpql =
                    "UPDATE PortalSmsUsage u SET u.messages = u.messages + 1, u.segments = u.segments + :segments,"
                            + " u.cost = u.cost + :cost, u.updatedAt = :now WHERE u.key.institutionId = :institution"
                            + " AND u.key.month = :month" + (budget == null ? "" : " AND u.cost + :cost <= :budget");
            var update = em.createQuery(jpql)
                    .setParameter("segments", (long) segments)
                    .setParameter("cost", cost)
                    .setParameter("now", clock.instant())
                    .setParameter("institution", institution.value())
                    .setParameter("month", m);
            if (budget != null) {
                update.setParameter("budget", budget);
            }
            return update.executeUpdate() == 1;
        } catch (PersistenceException e) {
            throw Exceptions.temporary("Reserving SMS in the usage ledger", e);
        }
    }

    @Override
    public void release(InstitutionId institution, YearMonth month, int segments, BigDecimal cost) {
        checkAmounts(segments, cost);
        EntityManager em = em();
        try {
            SmsUsageEntity e = em.find(SmsUsageEntity.class, key(institution, month), LockModeType.PESSIMISTIC_WRITE);
            if (e == null) {
                return;
            }
            e.messages = Math.max(0, e.messages - 1);
            e.segments = Math.max(0, e.segments - segments);
            e.cost = e.cost.subtract(cost).max(BigDecimal.ZERO);
            e.updatedAt = clock.instant();
            em.flush();
        } catch (PersistenceException e) {
            throw Exceptions.temporary("Releasing SMS in the usage ledger", e);
        }
    }

    @Override
    public SmsUsage usage(InstitutionId institution, YearMonth month) {
        try {
            List<Object[]> found = em().createQuery(
                            "SELECT u.messages, u.segments, u.cost FROM PortalSmsUsage u"
                                    + " WHERE u.key.institutionId = :institution AND u.key.month = :month",
                            Object[].class)
                    .setParameter("institution", institution.value())
                    .setParameter("month", month.toString())
                    .getResultList();
            if (found.isEmpty()) {
                return SmsUsage.NONE;
            }
            Object[] row = found.get(0);
            return new SmsUsage(((Number) row[0]).longValue(), ((Number) row[1]).longValue(), (BigDecimal) row[2]);
        } catch (PersistenceException e) {
            throw Exceptions.temporary("Reading the SMS usage ledger", e);
        }
    }

    private static SmsUsageKey key(InstitutionId institution, YearMonth month) {
        SmsUsageKey k = new SmsUsageKey();
        k.institutionId = institution.value();
        k.month = month.toString();
        return k;
    }

    private static void checkAmounts(int segments, BigDecimal cost) {
        Objects.requireNonNull(cost, "cost");
        if (segments < 1 || cost.signum() < 0) {
            throw new IllegalArgumentException("segments must be at least 1 and cost not negative");
        }
    }

    private EntityManager em() {
        return entityManagers.currentEntityManager();
    }
}
