package dev.patientportal.notify.spi;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * SMS sent by one institution in one month, as an {@link SmsUsageLedger} holds it.
 *
 * @param messages messages recorded
 * @param segments segments recorded
 * @param cost their cost, in the currency of the configured price per segment
 */
public record SmsUsage(long messages, long segments, BigDecimal cost) {
    /** Nothing used. */
    public static final SmsUsage NONE = new SmsUsage(0, 0, BigDecimal.ZERO);

    /**
     * Checks the fields.
     *
     * @param messages messages recorded
     * @param segments segments recorded
     * @param cost their cost, in the currency of the configured price per segment
     * @throws IllegalArgumentException when a total is negative
     */
    public SmsUsage {
        Objects.requireNonNull(cost, "cost");
        if (messages < 0 || segments < 0 || cost.signum() < 0) {
            throw new IllegalArgumentException("usage totals must not be negative");
        }
    }
}
