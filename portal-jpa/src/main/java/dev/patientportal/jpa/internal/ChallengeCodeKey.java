package dev.patientportal.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The primary key of a challenge's code: one per (challenge, factor). */
@Embeddable
public class ChallengeCodeKey implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    @Column(name = "challenge_id", nullable = false, length = 64)
    String challengeId = "";

    @Column(name = "factor", nullable = false, length = 16)
    String factor = "";

    /** For the persistence provider. */
    protected ChallengeCodeKey() {}

    ChallengeCodeKey(String challengeId, String factor) {
        this.challengeId = challengeId;
        this.factor = factor;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof ChallengeCodeKey k && k.challengeId.equals(challengeId) && k.factor.equals(factor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(challengeId, factor);
    }
}
