package dev.patientportal.core;

import dev.patientportal.core.internal.Checks;
import java.time.Duration;

/**
 * The reservation rules of one service type.
 *
 * @param selfBooking whether patients may book this service in the portal
 * @param modifyNotice how long before the start a reservation may still be rescheduled
 * @param cancelNotice how long before the start a reservation may still be cancelled
 */
public record ServiceRules(boolean selfBooking, Duration modifyNotice, Duration cancelNotice) {
    /** The default rules: self-booking on, 24 hours' notice for changes and cancellations. */
    public static final ServiceRules DEFAULT = new ServiceRules(true, Duration.ofHours(24), Duration.ofHours(24));

    /**
     * Checks the notice periods.
     *
     * @throws ValidationException naming a negative notice period
     */
    public ServiceRules {
        Checks.notNegative("modifyNotice", modifyNotice);
        Checks.notNegative("cancelNotice", cancelNotice);
    }
}
