package dev.patientportal.testkit;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientSession;
import dev.patientportal.core.spi.SessionResolver;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link SessionResolver} for tests and demos that opens sessions without a login: {@link #open} hands out a token
 * for any patient. Sessions never expire; {@link #endSessions} and {@link #end} end them. Tokens are 256 random bits,
 * URL-safe Base64, and kept only as SHA-256 hashes.
 *
 * <p>Thread-safe. Use {@code portal-auth} for real logins.
 */
public final class InMemorySessions implements SessionResolver {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, PatientSession> byTokenHash = new HashMap<>();

    /** Creates a resolver with no sessions. */
    public InMemorySessions() {}

    /**
     * Opens a session for a patient, as if they had logged in.
     *
     * @param institution the institution
     * @param patient the patient
     * @return a new token: 256 random bits, URL-safe Base64 without padding
     */
    public String open(InstitutionId institution, PatientId patient) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(patient, "patient");
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        PatientSession session =
                new PatientSession(institution, patient, UUID.randomUUID().toString());
        synchronized (this) {
            byTokenHash.put(hash(token), session);
        }
        return token;
    }

    @Override
    public synchronized Optional<PatientSession> resolve(String token) {
        Objects.requireNonNull(token, "token");
        return Optional.ofNullable(byTokenHash.get(hash(token)));
    }

    @Override
    public synchronized void endSessions(InstitutionId institution, PatientId patient) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(patient, "patient");
        byTokenHash
                .values()
                .removeIf(
                        s -> s.institution().equals(institution) && s.patient().equals(patient));
    }

    /**
     * Ends one session, as a logout does.
     *
     * @param token the session's token
     * @return whether the token was open
     */
    public synchronized boolean end(String token) {
        Objects.requireNonNull(token, "token");
        return byTokenHash.remove(hash(token)) != null;
    }

    /**
     * Counts a patient's open sessions.
     *
     * @param institution the institution
     * @param patient the patient
     * @return how many are open
     */
    public synchronized long count(InstitutionId institution, PatientId patient) {
        return byTokenHash.values().stream()
                .filter(s -> s.institution().equals(institution) && s.patient().equals(patient))
                .count();
    }

    private static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
