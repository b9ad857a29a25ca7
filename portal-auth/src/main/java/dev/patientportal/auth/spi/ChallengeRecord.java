package dev.patientportal.auth.spi;

import dev.patientportal.auth.Factor;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A login challenge as stored. A decoy (issued for an identity without an active grant) has no patient and codes
 * that match nothing; otherwise it is stored and treated exactly like a real one.
 *
 * @param id the challenge id: 22 URL-safe characters, 128 random bits; the primary key
 * @param institution the institution
 * @param patient the patient of the grant, or {@code null} for a decoy
 * @param grantVersion the version of the grant when the challenge was issued (0 for a decoy); a login completes only
 *     while the grant still has it
 * @param identityKey a keyed pseudonym of the login identity, for the lockout counter; never the identifiers
 * @param codes one stored code per factor, in the order the factors were sent
 * @param attemptsLeft wrong codes this challenge still accepts
 * @param resends codes resent so far, over all factors
 * @param createdAt when the challenge was issued
 * @param expiresAt when the challenge ends however often codes are resent
 * @param resendAvailableAt the earliest time of the next resend
 * @param consumed whether the challenge completed a login (at most once)
 */
public record ChallengeRecord(
        String id,
        InstitutionId institution,
        @Nullable PatientId patient,
        long grantVersion,
        String identityKey,
        Map<Factor, StoredCode> codes,
        int attemptsLeft,
        int resends,
        Instant createdAt,
        Instant expiresAt,
        Instant resendAvailableAt,
        boolean consumed) {

    /**
     * Copies the codes, keeping their order, and checks the fields.
     *
     * @param id the challenge id: 22 URL-safe characters, 128 random bits; the primary key
     * @param institution the institution
     * @param patient the patient of the grant, or {@code null} for a decoy
     * @param grantVersion the version of the grant when the challenge was issued (0 for a decoy); a login completes
     *     only while the grant still has it
     * @param identityKey a keyed pseudonym of the login identity, for the lockout counter; never the identifiers
     * @param codes one stored code per factor, in the order the factors were sent
     * @param attemptsLeft wrong codes this challenge still accepts
     * @param resends codes resent so far, over all factors
     * @param createdAt when the challenge was issued
     * @param expiresAt when the challenge ends however often codes are resent
     * @param resendAvailableAt the earliest time of the next resend
     * @param consumed whether the challenge completed a login (at most once)
     */
    public ChallengeRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(identityKey, "identityKey");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(resendAvailableAt, "resendAvailableAt");
        if (codes.isEmpty()) {
            throw new IllegalArgumentException("a challenge has at least one factor");
        }
        codes = Collections.unmodifiableMap(new EnumMap<>(codes));
        if (attemptsLeft < 0 || resends < 0) {
            throw new IllegalArgumentException("attemptsLeft and resends must not be negative");
        }
    }

    /**
     * Tells whether this is a decoy.
     *
     * @return {@code true} when no patient stands behind it
     */
    public boolean isDecoy() {
        return patient == null;
    }

    /**
     * Tells whether every factor is verified.
     *
     * @return {@code true} when the login may complete
     */
    public boolean allVerified() {
        return codes.values().stream().allMatch(StoredCode::verified);
    }

    /**
     * A copy with other codes.
     *
     * @param newCodes the codes
     * @return the copy
     */
    public ChallengeRecord withCodes(Map<Factor, StoredCode> newCodes) {
        return new ChallengeRecord(
                id,
                institution,
                patient,
                grantVersion,
                identityKey,
                newCodes,
                attemptsLeft,
                resends,
                createdAt,
                expiresAt,
                resendAvailableAt,
                consumed);
    }

    /**
     * A copy with another attempt count.
     *
     * @param left the attempts left
     * @return the copy
     */
    public ChallengeRecord withAttemptsLeft(int left) {
        return new ChallengeRecord(
                id,
                institution,
                patient,
                grantVersion,
                identityKey,
                codes,
                left,
                resends,
                createdAt,
                expiresAt,
                resendAvailableAt,
                consumed);
    }

    /**
     * A copy after a resend of one factor.
     *
     * @param factor the factor
     * @param code its new code
     * @param nextResendAt the earliest time of the next resend
     * @return the copy, with {@link #resends()} one higher
     */
    public ChallengeRecord withResent(Factor factor, StoredCode code, Instant nextResendAt) {
        Map<Factor, StoredCode> copy = new EnumMap<>(codes);
        copy.put(factor, code);
        return new ChallengeRecord(
                id,
                institution,
                patient,
                grantVersion,
                identityKey,
                copy,
                attemptsLeft,
                resends + 1,
                createdAt,
                expiresAt,
                nextResendAt,
                consumed);
    }

    /**
     * A copy that completed a login.
     *
     * @return the copy with {@link #consumed()} set
     */
    public ChallengeRecord asConsumed() {
        return new ChallengeRecord(
                id,
                institution,
                patient,
                grantVersion,
                identityKey,
                codes,
                attemptsLeft,
                resends,
                createdAt,
                expiresAt,
                resendAvailableAt,
                true);
    }

    /** Leaves out the id, the pseudonym and the HMACs. */
    @Override
    public String toString() {
        return "ChallengeRecord[institution=" + institution + ", decoy=" + isDecoy() + ", factors=" + codes.keySet()
                + ", attemptsLeft=" + attemptsLeft + ", resends=" + resends + ", expiresAt=" + expiresAt
                + ", consumed=" + consumed + "]";
    }
}
