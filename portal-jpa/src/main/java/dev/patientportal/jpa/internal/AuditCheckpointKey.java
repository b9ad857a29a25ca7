package dev.patientportal.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The primary key of an audit checkpoint: (institution, sequence number). */
@Embeddable
public class AuditCheckpointKey implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    @Column(name = "institution_id", nullable = false, length = 128)
    String institutionId = "";

    @Column(name = "sequence_no", nullable = false)
    long sequence;

    /** For the persistence provider. */
    protected AuditCheckpointKey() {}

    AuditCheckpointKey(String institutionId, long sequence) {
        this.institutionId = institutionId;
        this.sequence = sequence;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof AuditCheckpointKey k && k.institutionId.equals(institutionId) && k.sequence == sequence;
    }

    @Override
    public int hashCode() {
        return Objects.hash(institutionId, sequence);
    }
}
