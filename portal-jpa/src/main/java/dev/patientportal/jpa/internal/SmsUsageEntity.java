package dev.patientportal.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** One row of {@code portal_sms_usage}: an institution's SMS totals for a month. */
@Entity(name = "PortalSmsUsage")
@Table(name = "portal_sms_usage")
public class SmsUsageEntity {
    @EmbeddedId
    SmsUsageKey key = new SmsUsageKey();

    @Column(name = "messages", nullable = false)
    long messages;

    @Column(name = "segments", nullable = false)
    long segments;

    @Column(name = "cost", nullable = false, precision = 19, scale = 6)
    BigDecimal cost = BigDecimal.ZERO;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt = Instant.EPOCH;

    /** For the persistence provider. */
    protected SmsUsageEntity() {}
}
