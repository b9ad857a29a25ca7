package dev.patientportal.notify.spi;

import dev.patientportal.core.InstitutionId;
import java.math.BigDecimal;
import java.time.YearMonth;
import org.jspecify.annotations.Nullable;

/**
 * Counts SMS segments and their cost per institution and month, and enforces an optional monthly budget.
 *
 * <p>The notifier reserves before it sends ({@link #tryReserve}) and gives the reservation back when the provider did
 * not take the message ({@link #release}). Checking the budget and recording must be <em>one atomic step</em>: two
 * nodes sending at once must never both pass a budget that has room for only one of them (a conditional
 * {@code UPDATE ... WHERE cost + ? <= budget}, or a row lock).
 *
 * <p><b>Threads and transactions:</b> every method may be called concurrently from any thread and any node. The
 * notifier calls each method inside one call of the {@link dev.patientportal.core.spi.TransactionRunner} given to
 * {@code PortalNotifier.Builder#transactions}, never while a provider call is in flight. Failures of the store are
 * reported as {@link dev.patientportal.core.TemporaryFailureException}; the notifier then does not send the SMS.
 */
public interface SmsUsageLedger {
    /**
     * Records one message of some segments and cost if, and only if, the month's recorded cost plus {@code cost} stays
     * within {@code budget}; otherwise records nothing.
     *
     * @param institution the institution
     * @param month the month, in the institution's time zone
     * @param segments the message's segments, at least 1
     * @param cost the message's cost, zero or more
     * @param budget the month's budget, or {@code null} for no limit
     * @return {@code true} when recorded; {@code false} when the budget has no room
     * @throws dev.patientportal.core.TemporaryFailureException when the store cannot be reached
     */
    boolean tryReserve(
            InstitutionId institution, YearMonth month, int segments, BigDecimal cost, @Nullable BigDecimal budget);

    /**
     * Takes back one message recorded by {@link #tryReserve}, because the provider did not take it.
     *
     * @param institution the institution
     * @param month the month it was recorded in
     * @param segments its segments
     * @param cost its cost
     * @throws dev.patientportal.core.TemporaryFailureException when the store cannot be reached
     */
    void release(InstitutionId institution, YearMonth month, int segments, BigDecimal cost);

    /**
     * Returns the totals of a month.
     *
     * @param institution the institution
     * @param month the month
     * @return the totals; {@link SmsUsage#NONE} when nothing was recorded
     * @throws dev.patientportal.core.TemporaryFailureException when the store cannot be reached
     */
    SmsUsage usage(InstitutionId institution, YearMonth month);

    /**
     * A ledger in this JVM's memory, for tests and single-node hosts; lost at restart, and a budget it enforces holds
     * for this JVM only.
     *
     * @return a new, empty, thread-safe ledger
     */
    static SmsUsageLedger inMemory() {
        return new InMemorySmsUsageLedger();
    }
}
