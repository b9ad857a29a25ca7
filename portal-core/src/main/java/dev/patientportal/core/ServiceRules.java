package dev.patientportal.core;

import dev.patientportal.core.internal.Checks;
import java.time.Duration;

/**
 * The reservation rules of one service type.
 *
 * <p>{@code selfBooking} decides only whether patients may <em>book</em> the service in the portal. Whether they may
 * cancel a reservation of it, including one the front desk booked for a service that cannot be self-booked, is
 * {@code selfCancel}, which is on by default: a patient may then cancel any active reservation of theirs, within the
 * cancel notice, whoever booked it. Turn it off for services the clinic wants cancelled by phone (for example a
 * procedure that needs a preparation talk); the portal then refuses with rule {@code reservation.self-cancel-off}.
 *
 * <pre>{@code
 * ServiceRules lab = new ServiceRules(false, Duration.ofHours(24), Duration.ofHours(24)).withSelfCancel(false);
 * }</pre>
 *
 * @param selfBooking whether patients may book this service in the portal
 * @param modifyNotice how long before the start a reservation may still be rescheduled, in elapsed time
 * @param cancelNotice how long before the start a reservation may still be cancelled, in elapsed time
 * @param selfCancel whether patients may cancel reservations of this service in the portal, whoever booked them
 */
public record ServiceRules(boolean selfBooking, Duration modifyNotice, Duration cancelNotice, boolean selfCancel) {
    /** The default rules: self-booking and self-cancelling on, 24 hours' notice for changes and cancellations. */
    public static final ServiceRules DEFAULT = new ServiceRules(true, Duration.ofHours(24), Duration.ofHours(24));

    /**
     * Checks the notice periods.
     *
     * @param selfBooking whether patients may book this service in the portal
     * @param modifyNotice how long before the start a reservation may still be rescheduled, in elapsed time
     * @param cancelNotice how long before the start a reservation may still be cancelled, in elapsed time
     * @param selfCancel whether patients may cancel reservations of this service in the portal, whoever booked them
     * @throws ValidationException naming a negative notice period
     */
    public ServiceRules {
        Checks.notNegative("modifyNotice", modifyNotice);
        Checks.notNegative("cancelNotice", cancelNotice);
    }

    /**
     * Rules with self-cancelling on, as before {@code selfCancel} existed.
     *
     * @param selfBooking whether patients may book this service in the portal
     * @param modifyNotice how long before the start a reservation may still be rescheduled
     * @param cancelNotice how long before the start a reservation may still be cancelled
     * @throws ValidationException naming a negative notice period
     */
    public ServiceRules(boolean selfBooking, Duration modifyNotice, Duration cancelNotice) {
        this(selfBooking, modifyNotice, cancelNotice, true);
    }

    /**
     * Returns these rules with self-cancelling switched.
     *
     * @param selfCancel whether patients may cancel reservations of this service in the portal
     * @return the changed rules
     */
    public ServiceRules withSelfCancel(boolean selfCancel) {
        return new ServiceRules(selfBooking, modifyNotice, cancelNotice, selfCancel);
    }
}
