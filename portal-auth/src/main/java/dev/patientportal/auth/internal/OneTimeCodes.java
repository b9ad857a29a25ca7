package dev.patientportal.auth.internal;

import dev.patientportal.auth.AuthSettings;
import dev.patientportal.auth.CodeKeyring;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.ServerKey;
import dev.patientportal.auth.spi.StoredCode;
import dev.patientportal.core.ValidationException;
import java.security.MessageDigest;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One-time codes: random digits, their HMAC bound to challenge and factor under a server key, and the constant-time
 * check of a typed code. A decoy's code is made with the same work under another label, so no code ever matches it.
 */
final class OneTimeCodes {
    private static final String CODE = "code";
    private static final String DECOY = "decoy";

    private final CodeKeyring keys;
    private final AuthSettings settings;
    private final Secrets secrets;

    OneTimeCodes(CodeKeyring keys, AuthSettings settings, Secrets secrets) {
        this.keys = keys;
        this.settings = settings;
        this.secrets = secrets;
    }

    /** A new code of the configured length. */
    String newCode() {
        return secrets.digits(settings.codeLength());
    }

    /** When a code sent now stops being accepted: its validity, cut short by the end of its challenge. */
    Instant expiry(Instant now, Instant challengeExpiresAt) {
        Instant end = now.plus(settings.codeValidity());
        return end.isBefore(challengeExpiresAt) ? end : challengeExpiresAt;
    }

    static byte[] mac(ServerKey key, boolean decoy, String challengeId, Factor factor, String code) {
        // A decoy's HMAC is made under another label: the same work, and no code can ever match it.
        return Secrets.hmac(key, decoy ? DECOY : CODE, challengeId, factor.name(), code);
    }

    /** Compares a typed code (normalised) with the stored one in constant time. */
    boolean matches(String challengeId, Factor factor, StoredCode stored, String digits) {
        // Compute the HMAC even with a dropped key, so that a rotation shows in no timing.
        ServerKey key = keys.find(stored.keyId()).orElse(keys.current());
        byte[] candidate = Secrets.hmac(key, CODE, challengeId, factor.name(), digits);
        return MessageDigest.isEqual(candidate, stored.mac()) && key.id().equals(stored.keyId());
    }

    /** The digits of a code as typed; spaces and hyphens are ignored. */
    static String normalise(@Nullable String code) {
        if (code == null) {
            throw new ValidationException("code", "is required");
        }
        if (code.length() > 32) {
            throw new ValidationException("code", "must be 6 to 10 digits");
        }
        StringBuilder sb = new StringBuilder(10);
        for (int i = 0; i < code.length(); i++) {
            char ch = code.charAt(i);
            if (ch >= '0' && ch <= '9') {
                sb.append(ch);
            } else if (ch != ' ' && ch != '-' && ch != '\t' && ch != '\u00a0') {
                throw new ValidationException("code", "must be 6 to 10 digits");
            }
        }
        if (sb.length() < 6 || sb.length() > 10) {
            throw new ValidationException("code", "must be 6 to 10 digits");
        }
        return sb.toString();
    }
}
