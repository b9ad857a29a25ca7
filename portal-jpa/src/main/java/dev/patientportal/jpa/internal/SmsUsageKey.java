package dev.patientportal.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The primary key of a ledger row: one per (institution, month). */
@Embeddable
public class SmsUsageKey implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    @Column(name = "institution_id", nullable = false, length = 128)
    String institutionId = "";

    @Column(name = "usage_month", nullable = false, length = 7)
    String month = "";

    /** For the persistence provider. */
    protected SmsUsageKey() {}

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof SmsUsageKey k && k.institutionId.equals(institutionId) && k.month.equals(month);
    }

    @Override
    public int hashCode() {
        return Objects.hash(institutionId, month);
    }
}
