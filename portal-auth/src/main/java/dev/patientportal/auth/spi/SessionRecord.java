package dev.patientportal.auth.spi;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A session as stored: never the token, only its SHA-256 hash.
 *
 * <p>A session is bound to the version of the patient's grant it was made under, {@link #grantVersion()}; login
 * resolves it only while the grant {@linkplain dev.patientportal.core.AccessGrant#admitsSessionMadeUnder admits} that
 * version, so a change of method, revocation or reinstatement ends it even when the change's sweep of the sessions
 * missed it. A store must keep the version as given.
 *
 * @param sessionId a stable, non-secret id (22 URL-safe characters); the primary key
 * @param tokenHash SHA-256 of the token, 32 bytes, unique; copied in and out
 * @param institution the institution
 * @param patient the patient
 * @param createdAt when the login completed
 * @param lastSeenAt when the token was last resolved; the idle timeout runs from here
 * @param absoluteExpiresAt when the session ends however much it is used
 * @param grantVersion the version of the patient's grant the login that made the session checked, at least 1; 0
 *     binds the session to no version, and login then refuses it
 */
// The hash is copied in and compared with MessageDigest.isEqual, never with the record's equals.
@SuppressWarnings("ArrayRecordComponent")
public record SessionRecord(
        String sessionId,
        byte[] tokenHash,
        InstitutionId institution,
        PatientId patient,
        Instant createdAt,
        Instant lastSeenAt,
        Instant absoluteExpiresAt,
        long grantVersion) {

    /**
     * Copies the hash and checks the fields.
     *
     * @param sessionId a stable, non-secret id (22 URL-safe characters); the primary key
     * @param tokenHash SHA-256 of the token, 32 bytes, unique; copied in and out
     * @param institution the institution
     * @param patient the patient
     * @param createdAt when the login completed
     * @param lastSeenAt when the token was last resolved; the idle timeout runs from here
     * @param absoluteExpiresAt when the session ends however much it is used
     * @param grantVersion the version of the patient's grant the login that made the session checked, at least 1; 0
     *     binds the session to no version, and login then refuses it
     * @throws IllegalArgumentException when {@code grantVersion} is negative
     */
    public SessionRecord {
        Objects.requireNonNull(sessionId, "sessionId");
        tokenHash = Objects.requireNonNull(tokenHash, "tokenHash").clone();
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
        Objects.requireNonNull(absoluteExpiresAt, "absoluteExpiresAt");
        if (grantVersion < 0) {
            throw new IllegalArgumentException("grantVersion must not be negative");
        }
    }

    /**
     * A session bound to no grant version ({@link #grantVersion()} 0), which login refuses to resolve. For stores
     * written before sessions were bound to a grant version: they still compile, and their sessions end at once,
     * until they keep the version and use the canonical constructor.
     *
     * @param sessionId a stable, non-secret id
     * @param tokenHash SHA-256 of the token, 32 bytes
     * @param institution the institution
     * @param patient the patient
     * @param createdAt when the login completed
     * @param lastSeenAt when the token was last resolved
     * @param absoluteExpiresAt when the session ends however much it is used
     */
    public SessionRecord(
            String sessionId,
            byte[] tokenHash,
            InstitutionId institution,
            PatientId patient,
            Instant createdAt,
            Instant lastSeenAt,
            Instant absoluteExpiresAt) {
        this(sessionId, tokenHash, institution, patient, createdAt, lastSeenAt, absoluteExpiresAt, 0);
    }

    /**
     * Returns a copy of the token hash.
     *
     * @return the hash bytes
     */
    @Override
    public byte[] tokenHash() {
        return tokenHash.clone();
    }

    /**
     * A copy last seen at another time.
     *
     * @param seen the time
     * @return the copy
     */
    public SessionRecord withLastSeenAt(Instant seen) {
        return new SessionRecord(
                sessionId, tokenHash, institution, patient, createdAt, seen, absoluteExpiresAt, grantVersion);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionRecord s
                && sessionId.equals(s.sessionId)
                && Arrays.equals(tokenHash, s.tokenHash)
                && institution.equals(s.institution)
                && patient.equals(s.patient)
                && createdAt.equals(s.createdAt)
                && lastSeenAt.equals(s.lastSeenAt)
                && absoluteExpiresAt.equals(s.absoluteExpiresAt)
                && grantVersion == s.grantVersion;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                sessionId,
                Arrays.hashCode(tokenHash),
                institution,
                patient,
                createdAt,
                lastSeenAt,
                absoluteExpiresAt,
                grantVersion);
    }

    /** Leaves out the hash. */
    @Override
    public String toString() {
        return "SessionRecord[sessionId=" + sessionId + ", institution=" + institution + ", patient=" + patient
                + ", createdAt=" + createdAt + ", lastSeenAt=" + lastSeenAt + ", absoluteExpiresAt="
                + absoluteExpiresAt + ", grantVersion=" + grantVersion + "]";
    }
}
