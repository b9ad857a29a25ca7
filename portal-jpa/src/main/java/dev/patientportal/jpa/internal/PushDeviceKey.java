package dev.patientportal.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The primary key of a push registration: one per (institution, app, token), the token by its SHA-256. */
@Embeddable
public class PushDeviceKey implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    @Column(name = "institution_id", nullable = false, length = 128)
    String institutionId = "";

    @Column(name = "app", nullable = false, length = 128)
    String app = "";

    @Column(name = "token_hash", nullable = false, length = 64)
    String tokenHash = "";

    /** For the persistence provider. */
    protected PushDeviceKey() {}

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof PushDeviceKey k
                && k.institutionId.equals(institutionId)
                && k.app.equals(app)
                && k.tokenHash.equals(tokenHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(institutionId, app, tokenHash);
    }
}
