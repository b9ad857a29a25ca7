package dev.patientportal.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The primary key of a grant: one per (institution, patient). */
@Embeddable
public class GrantKey implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    @Column(name = "institution_id", nullable = false, length = 128)
    String institutionId = "";

    @Column(name = "patient_id", nullable = false, length = 128)
    String patientId = "";

    /** For the persistence provider. */
    protected GrantKey() {}

    GrantKey(String institutionId, String patientId) {
        this.institutionId = institutionId;
        this.patientId = patientId;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof GrantKey k && k.institutionId.equals(institutionId) && k.patientId.equals(patientId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(institutionId, patientId);
    }
}
